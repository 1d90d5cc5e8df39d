@testable import Devp2p
import Kernel
import Primitives
import Testing

/// EIP-8 handshake vectors: both formats decrypt, the recipient recovers the initiator's identity
/// and ephemeral key, and (Auth₂, Ack₂) derive the published secrets and ingress MAC.
@Suite struct HandshakeVectorTests {
    func key(_ hex: String) throws -> PrivateKey { try PrivateKey(rawBytes: try Hex.decode(hex)) }
    func bytes(_ hex: String) throws -> [UInt8] { try Hex.decode(hex) }

    func readAuth(_ hex: String) throws -> RLPxRecipient.ReceivedAuth {
        let recipient = RLPxRecipient(staticKey: try key(EIP8Vectors.keyB), ephemeralKey: try key(EIP8Vectors.ephKeyB),
                                      nonce: try bytes(EIP8Vectors.nonceB))
        let packet = try bytes(hex)
        let classified = try RLPxPacket.classify(head: Array(packet.prefix(RLPxPacket.legacyAuthSize)),
                                                 legacySize: RLPxPacket.legacyAuthSize, key: try key(EIP8Vectors.keyB))
        #expect(classified.totalSize == packet.count)
        return try recipient.readAuth(packet: packet, format: classified.format, legacyBody: classified.legacyBody)
    }

    @Test(arguments: [(EIP8Vectors.auth1, RLPxHandshakeFormat.legacy, UInt64(0)),
                      (EIP8Vectors.auth2, .eip8, 4), (EIP8Vectors.auth3, .eip8, 56)])
    func recipientReadsEveryAuthFormat(hex: String, format: RLPxHandshakeFormat, version: UInt64) throws {
        let auth = try readAuth(hex)
        #expect(auth.format == format)
        #expect(auth.message.version == version)
        #expect(Hex.encode(auth.initiator.raw64) == EIP8Vectors.pubA)
        #expect(Hex.encode(auth.remoteEphemeral.raw64) == EIP8Vectors.ephPubA)
        #expect(Hex.encode(auth.message.nonce) == EIP8Vectors.nonceA)
    }

    @Test(arguments: [(EIP8Vectors.ack1, RLPxHandshakeFormat.legacy, UInt64(0)),
                      (EIP8Vectors.ack2, .eip8, 4), (EIP8Vectors.ack3, .eip8, 57)])
    func initiatorReadsEveryAckFormat(hex: String, format: RLPxHandshakeFormat, version: UInt64) throws {
        let packet = try bytes(hex)
        let classified = try RLPxPacket.classify(head: Array(packet.prefix(RLPxPacket.legacyAckSize)),
                                                 legacySize: RLPxPacket.legacyAckSize, key: try key(EIP8Vectors.keyA))
        #expect(classified.format == format)
        #expect(classified.totalSize == packet.count)
        let ack: AckMessage = format == .legacy
            ? try AckMessage.decodeLegacy(classified.legacyBody ?? [])
            : try AckMessage.decodeEIP8(try RLPxPacket.openEIP8(packet, key: try key(EIP8Vectors.keyA)))
        #expect(ack.version == version)
        #expect(Hex.encode(ack.ephemeralPublicKey) == EIP8Vectors.ephPubB)
        #expect(Hex.encode(ack.nonce) == EIP8Vectors.nonceB)
    }

    @Test func auth2Ack2DeriveThePublishedSecrets() throws {
        let recipient = RLPxRecipient(staticKey: try key(EIP8Vectors.keyB), ephemeralKey: try key(EIP8Vectors.ephKeyB),
                                      nonce: try bytes(EIP8Vectors.nonceB))
        let auth = try readAuth(EIP8Vectors.auth2)
        var secrets = try recipient.secrets(for: auth, ackPacket: try bytes(EIP8Vectors.ack2))
        #expect(Hex.encode(secrets.aesSecret) == EIP8Vectors.aesSecret)
        #expect(Hex.encode(secrets.macSecret) == EIP8Vectors.macSecret)
        secrets.ingressMAC.update(Array("foo".utf8))
        #expect(Hex.encode(secrets.ingressMAC.digest()) == EIP8Vectors.ingressMACFoo)
    }

    @Test func helloVectorDecodesIgnoringExtraFields() throws {
        let hello = try HelloMessage.decode(try bytes(EIP8Vectors.hello))
        #expect(hello.version == 55)
        #expect(hello.clientID == "kneth/v0.91/plan9")
        #expect(hello.capabilities == [CapabilityAnnouncement(name: "eth", version: 61),
                                       CapabilityAnnouncement(name: "mork", version: 22)])
        #expect(hello.listenPort == 9999)
        #expect(Hex.encode(hello.nodeID) == EIP8Vectors.pubA)
    }

    @Test func aTamperedAuthIsRefused() throws {
        var packet = try bytes(EIP8Vectors.auth2)
        packet[200] ^= 0x01
        #expect(throws: (any Error).self) {
            let classified = try RLPxPacket.classify(head: Array(packet.prefix(307)), legacySize: 307, key: try key(EIP8Vectors.keyB))
            _ = try RLPxPacket.openEIP8(Array(packet.prefix(classified.totalSize)), key: try key(EIP8Vectors.keyB))
        }
    }

    @Test func anAuthForAnotherNodeIsRefused() throws {
        let packet = try bytes(EIP8Vectors.auth2)
        #expect(throws: (any Error).self) {
            _ = try RLPxPacket.openEIP8(packet, key: try key(EIP8Vectors.keyA))
        }
    }
}

/// Frame codec and capability negotiation.
@Suite struct FramingTests {
    func pair(receiverLimit: Int = 16 << 20) throws -> (RLPxFrameCodec, RLPxFrameCodec) {
        let a = PrivateKey.generate(), b = PrivateKey.generate()
        var initiator = RLPxInitiator(staticKey: a, remote: b.publicKey)
        let recipient = RLPxRecipient(staticKey: b)
        let authPacket = try initiator.makeAuth()
        let classified = try RLPxPacket.classify(head: Array(authPacket.prefix(307)), legacySize: 307, key: b)
        let auth = try recipient.readAuth(packet: authPacket, format: classified.format, legacyBody: classified.legacyBody)
        let ack = try recipient.makeAck(for: auth)
        let initiatorSecrets = try initiator.secrets(fromAck: ack, format: .eip8, legacyBody: nil)
        let recipientSecrets = try recipient.secrets(for: auth, ackPacket: ack)
        return (try RLPxFrameCodec(secrets: initiatorSecrets),
                try RLPxFrameCodec(secrets: recipientSecrets, maximumIncomingFrame: receiverLimit))
    }

    @Test func framesRoundTripInOrderAcrossSizes() throws {
        var (sender, receiver) = try pair()
        for size in [1, 15, 16, 17, 1000, 70_000] {
            let data = SecureRandom.bytes(size)
            let frame = try sender.seal(data)
            let (frameSize, bodyLength) = try receiver.openHeader(Array(frame[0..<32]))
            #expect(frameSize == size)
            #expect(bodyLength == frame.count - 32)
            #expect(try receiver.openBody(Array(frame[32...]), frameSize: frameSize) == data)
        }
    }

    @Test func aFlippedBitFailsTheMAC() throws {
        var (sender, receiver) = try pair()
        var frame = try sender.seal([1, 2, 3])
        frame[40] ^= 0x80
        let (size, _) = try receiver.openHeader(Array(frame[0..<32]))
        #expect(throws: RLPxFrameError.frameMACMismatch) { try receiver.openBody(Array(frame[32...]), frameSize: size) }

        var (sender2, receiver2) = try pair()
        var frame2 = try sender2.seal([1, 2, 3])
        frame2[3] ^= 0x01
        #expect(throws: RLPxFrameError.headerMACMismatch) { try receiver2.openHeader(Array(frame2[0..<32])) }
    }

    @Test func oversizedFramesAreRefused() throws {
        var (sender, receiver) = try pair(receiverLimit: 1000)
        let frame = try sender.seal([UInt8](repeating: 7, count: 2000))
        #expect(throws: RLPxFrameError.frameTooLarge(2000)) { try receiver.openHeader(Array(frame[0..<32])) }
    }

    @Test func capabilityOffsetsFollowTheSpec() {
        let local = [ProtocolOffer(id: ProtocolID(name: "waku", version: 1), messageCodeCount: 128),
                     ProtocolOffer(id: ProtocolID(name: "shh", version: 6), messageCodeCount: 128),
                     ProtocolOffer(id: ProtocolID(name: "eth", version: 63), messageCodeCount: 17),
                     ProtocolOffer(id: ProtocolID(name: "eth", version: 64), messageCodeCount: 17)]
        let remote = [CapabilityAnnouncement(name: "waku", version: 1), CapabilityAnnouncement(name: "shh", version: 6),
                      CapabilityAnnouncement(name: "eth", version: 63), CapabilityAnnouncement(name: "eth", version: 64),
                      CapabilityAnnouncement(name: "les", version: 2)]
        let table = CapabilityTable(local: local, remote: remote)
        #expect(table.entries.map(\.id.description) == ["eth/64", "shh/6", "waku/1"])
        #expect(table.entries.map(\.offset) == [0x10, 0x21, 0xa1])
        #expect(table.lookup(wireCode: 0xa2)?.relative == 1)
        #expect(table.lookup(wireCode: 0x0f) == nil)
        let wakuOnly = CapabilityTable(local: [local[0]], remote: remote)
        #expect(wakuOnly.entry(for: ProtocolID(name: "waku", version: 1))?.offset == 0x10)
        #expect(wakuOnly.lookup(wireCode: 0x8f)?.relative == 127)
    }
}
