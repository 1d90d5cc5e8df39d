/// Why a discv5 packet or message could not be read. Each case names what was wrong so a dropped
/// packet can be counted under a precise reason.
public enum Discv5WireError: Error, Equatable, Sendable, CustomStringConvertible {
    case packetTooSmall(Int)
    case packetTooLarge(Int)
    case wrongProtocolID
    case unsupportedVersion(UInt16)
    case unknownFlag(UInt8)
    case truncatedHeader(authdataSize: Int, available: Int)
    case badAuthdataSize(flag: UInt8, size: Int)
    case badHandshakeKeySizes(signature: Int, ephemeralKey: Int)
    case missingMessage
    case unexpectedMessageBytes(Int)
    case badProtocolID(Int)
    case decryptionFailed
    case emptyMessage
    case unknownMessageType(UInt8)
    case malformedMessage(type: UInt8, reason: String)
    case badRecord(String)
    case badSignature

    public var description: String {
        switch self {
        case .packetTooSmall(let n): return "packet of \(n) bytes is below the 63-byte minimum"
        case .packetTooLarge(let n): return "packet of \(n) bytes exceeds the 1280-byte maximum"
        case .wrongProtocolID: return "header does not start with this network's protocol id (wrong network, or not for this node id)"
        case .unsupportedVersion(let v): return "header version \(v) is not 1 (discv5.1)"
        case .unknownFlag(let f): return "header flag \(f) is not 0 (message), 1 (WHOAREYOU) or 2 (handshake)"
        case .truncatedHeader(let size, let available):
            return "authdata-size \(size) needs more bytes than the \(available) left in the packet"
        case .badAuthdataSize(let flag, let size): return "authdata of \(size) bytes is invalid for flag \(flag)"
        case .badHandshakeKeySizes(let sig, let key):
            return "handshake sig-size \(sig) / eph-key-size \(key) do not fit (expected 64 / 33 for the v4 scheme)"
        case .missingMessage: return "packet carries no message ciphertext (needs at least the 16-byte GCM tag)"
        case .unexpectedMessageBytes(let n): return "WHOAREYOU packet carries \(n) unexpected message bytes"
        case .badProtocolID(let n): return "protocol id must be 6 ASCII bytes, got \(n)"
        case .decryptionFailed: return "AES-GCM authentication failed (unknown session or forged packet)"
        case .emptyMessage: return "decrypted message is empty"
        case .unknownMessageType(let t): return "message type 0x\(String(t, radix: 16)) is not a discv5.1 message"
        case .malformedMessage(let type, let reason): return "message type \(type) is malformed: \(reason)"
        case .badRecord(let reason): return "node record is invalid: \(reason)"
        case .badSignature: return "handshake id-signature does not verify"
        }
    }
}
