import Primitives

/// Seals and opens handshake packets: ECIES with the EIP-8 size prefix as MAC data, or legacy
/// fixed-size ECIES, and tells the formats apart the way geth does.
enum RLPxPacket {
    /// Largest handshake packet accepted (geth allows a 2-byte size prefix; we cap lower).
    static let maximumSize = 2048
    static let legacyAuthSize = AuthMessage.legacyBodySize + ECIES.overhead   // 307
    static let legacyAckSize = AckMessage.legacyBodySize + ECIES.overhead     // 210

    static func sealEIP8(_ body: [UInt8], to recipient: PublicKey) throws -> [UInt8] {
        let size = body.count + ECIES.overhead
        let prefix = [UInt8(truncatingIfNeeded: size >> 8), UInt8(truncatingIfNeeded: size)]
        return prefix + (try ECIES.encrypt(body, to: recipient, sharedMacData: prefix))
    }

    static func sealLegacy(_ body: [UInt8], to recipient: PublicKey) throws -> [UInt8] {
        try ECIES.encrypt(body, to: recipient, sharedMacData: [])
    }

    /// How many bytes the whole packet has, given its first `legacySize` bytes: `legacySize` if they
    /// decrypt as a legacy packet, otherwise 2 + the EIP-8 size prefix.
    static func classify(head: [UInt8], legacySize: Int, key: PrivateKey) throws -> (format: RLPxHandshakeFormat, totalSize: Int, legacyBody: [UInt8]?) {
        if head.count >= legacySize, let body = try? ECIES.decrypt(Array(head.prefix(legacySize)), with: key) {
            return (.legacy, legacySize, body)
        }
        guard head.count >= 2 else { throw RLPxHandshakeError.undecryptable("packet shorter than its size prefix") }
        let size = Int(head[0]) << 8 | Int(head[1])
        guard size >= ECIES.overhead else { throw RLPxHandshakeError.undecryptable("size prefix \(size) below the ECIES overhead") }
        guard size + 2 <= maximumSize else { throw RLPxHandshakeError.oversized(size + 2) }
        return (.eip8, size + 2, nil)
    }

    static func openEIP8(_ packet: [UInt8], key: PrivateKey) throws -> [UInt8] {
        guard packet.count > 2 else { throw RLPxHandshakeError.undecryptable("empty packet") }
        do {
            return try ECIES.decrypt(Array(packet[2...]), with: key, sharedMacData: Array(packet[0..<2]))
        } catch {
            throw RLPxHandshakeError.undecryptable("\(error)")
        }
    }

    /// EIP-8 padding as geth 1.9 sends it: 100–299 zero bytes (random length hides the format).
    static func padding() -> [UInt8] {
        let random = SecureRandom.bytes(1)[0]
        return [UInt8](repeating: 0, count: 100 + Int(random) % 200)
    }
}
