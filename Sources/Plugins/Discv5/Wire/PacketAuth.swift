/// The three packet kinds and what each carries in its `authdata` (discv5-wire.md "Packet Encoding").
public enum PacketAuth: Sendable, Equatable {
    /// flag 0: `src-id`.
    case message(sourceID: [UInt8])
    /// flag 1: `id-nonce(16) ‖ enr-seq(8)`. No message follows.
    case whoareyou(idNonce: [UInt8], enrSeq: UInt64)
    /// flag 2: `src-id ‖ sig-size ‖ eph-key-size ‖ id-signature ‖ eph-pubkey ‖ record?` (record as RLP bytes).
    case handshake(sourceID: [UInt8], idSignature: [UInt8], ephemeralKey: [UInt8], record: [UInt8]?)

    public var flag: UInt8 {
        switch self {
        case .message: 0
        case .whoareyou: 1
        case .handshake: 2
        }
    }

    /// The authdata bytes as they go into the header.
    public var authdata: [UInt8] {
        switch self {
        case .message(let source):
            return source
        case .whoareyou(let idNonce, let enrSeq):
            return idNonce + withUnsafeBytes(of: enrSeq.bigEndian, Array.init)
        case .handshake(let source, let signature, let key, let record):
            return source + [UInt8(signature.count), UInt8(key.count)] + signature + key + (record ?? [])
        }
    }

    /// Parses `authdata` for `flag`; never traps on hostile sizes.
    static func parse(flag: UInt8, _ data: ArraySlice<UInt8>) throws(Discv5WireError) -> PacketAuth {
        let bytes = Array(data)
        switch flag {
        case 0:
            guard bytes.count == 32 else { throw .badAuthdataSize(flag: flag, size: bytes.count) }
            return .message(sourceID: bytes)
        case 1:
            guard bytes.count == 24 else { throw .badAuthdataSize(flag: flag, size: bytes.count) }
            let seq = bytes[16..<24].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            return .whoareyou(idNonce: Array(bytes[0..<16]), enrSeq: seq)
        case 2:
            guard bytes.count >= 34 else { throw .badAuthdataSize(flag: flag, size: bytes.count) }
            let sigSize = Int(bytes[32]), keySize = Int(bytes[33])
            guard sigSize == 64, keySize == 33, 34 + sigSize + keySize <= bytes.count else {
                throw .badHandshakeKeySizes(signature: sigSize, ephemeralKey: keySize)
            }
            let signature = Array(bytes[34..<(34 + sigSize)])
            let key = Array(bytes[(34 + sigSize)..<(34 + sigSize + keySize)])
            let rest = Array(bytes[(34 + sigSize + keySize)...])
            return .handshake(sourceID: Array(bytes[0..<32]), idSignature: signature, ephemeralKey: key,
                              record: rest.isEmpty ? nil : rest)
        default:
            throw .unknownFlag(flag)
        }
    }
}
