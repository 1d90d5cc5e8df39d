import Primitives

/// Entry points for `parley-bench`: the RLPx handshake and frame codec without sockets, so the bench
/// can set the cost of the raw cryptography next to end-to-end loopback throughput.
public enum RLPxBenchmarkHooks {
    /// Runs one complete handshake (auth, ack, secrets on both sides) in memory.
    public static func handshake(initiatorKey: PrivateKey, recipientKey: PrivateKey) throws {
        var initiator = RLPxInitiator(staticKey: initiatorKey, remote: recipientKey.publicKey)
        let recipient = RLPxRecipient(staticKey: recipientKey)
        let authPacket = try initiator.makeAuth()
        let classified = try RLPxPacket.classify(head: Array(authPacket.prefix(RLPxPacket.legacyAuthSize)),
                                                 legacySize: RLPxPacket.legacyAuthSize, key: recipientKey)
        let auth = try recipient.readAuth(packet: authPacket, format: classified.format, legacyBody: classified.legacyBody)
        let ack = try recipient.makeAck(for: auth)
        _ = try recipient.secrets(for: auth, ackPacket: ack)
        _ = try initiator.secrets(fromAck: ack, format: .eip8, legacyBody: nil)
    }

    /// Seals `count` frames of `size` bytes and opens them again; returns the bytes moved.
    public static func frameRoundTrips(size: Int, count: Int) throws -> Int {
        let a = PrivateKey.generate(), b = PrivateKey.generate()
        var initiator = RLPxInitiator(staticKey: a, remote: b.publicKey)
        let recipient = RLPxRecipient(staticKey: b)
        let authPacket = try initiator.makeAuth()
        let classified = try RLPxPacket.classify(head: Array(authPacket.prefix(RLPxPacket.legacyAuthSize)),
                                                 legacySize: RLPxPacket.legacyAuthSize, key: b)
        let auth = try recipient.readAuth(packet: authPacket, format: classified.format, legacyBody: classified.legacyBody)
        let ack = try recipient.makeAck(for: auth)
        var sender = try RLPxFrameCodec(secrets: try initiator.secrets(fromAck: ack, format: .eip8, legacyBody: nil))
        var receiver = try RLPxFrameCodec(secrets: try recipient.secrets(for: auth, ackPacket: ack))
        let payload = SecureRandom.bytes(size)
        var moved = 0
        for _ in 0..<count {
            let frame = try sender.seal(payload)
            let header = try receiver.openHeader(Array(frame[0..<RLPxFrameCodec.headerSize]))
            moved += try receiver.openBody(Array(frame[RLPxFrameCodec.headerSize...]), frameSize: header.frameSize).count
        }
        return moved
    }
}
