import Primitives

/// The cleartext Double Ratchet header — the sender's ratchet key, its message number N and the length PN of its
/// previous sending chain (wire-facts §3.4). It travels in `DRHeader` and, encoded, is the AEAD's associated data.
public struct RatchetHeader: Sendable, Hashable {
    /// The sender's current ratchet public key, pub33.
    public let ratchetKey: [UInt8]
    /// Message number in the sending chain (from 0).
    public let n: UInt32
    /// Number of messages in the sender's previous sending chain.
    public let pn: UInt32

    /// Validates the ratchet key (33 bytes, compressed, on the curve).
    public init(ratchetKey: some Collection<UInt8>, n: UInt32, pn: UInt32) throws(RatchetError) {
        let bytes = Array(ratchetKey)
        guard bytes.count == 33, (try? PublicKey(bytes: bytes)) != nil else {
            throw .invalidRatchetKey(length: bytes.count)
        }
        self.init(validatedKey: bytes, n: n, pn: pn)
    }

    init(validatedKey: [UInt8], n: UInt32, pn: UInt32) {
        self.ratchetKey = validatedKey
        self.n = n
        self.pn = pn
    }

    /// `LE32(N) ‖ LE32(PN) ‖ ratchetKey` (41 bytes) — doubleratchet's `MessageHeader.Encode`.
    public var encoded: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(41)
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: n >> UInt32(shift))) }
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: pn >> UInt32(shift))) }
        out += ratchetKey
        return out
    }
}

/// One Double Ratchet message: header plus `iv ‖ ciphertext ‖ mac`.
public struct RatchetMessage: Sendable, Hashable {
    public let header: RatchetHeader
    public let ciphertext: [UInt8]

    public init(header: RatchetHeader, ciphertext: [UInt8]) {
        self.header = header
        self.ciphertext = ciphertext
    }
}
