import Crypto
import Primitives
import Testing
@testable import Libp2pCore

/// The cacophony vector for Noise_XX_25519_ChaChaPoly_SHA256 (cacophony.txt as snow and noise-c ship it).
@Suite struct NoiseVectorTests {
    static let prologue = "4a6f686e2047616c74"
    static let initStatic = "e61ef9919cde45dd5f82166404bd08e38bceb5dfdfded0a34c8df7ed542214d1"
    static let initEphemeral = "893e28b9dc6ca8d611ab664754b8ceb7bac5117349a4439a6b0569da977c464a"
    static let respStatic = "4a3acbfdb163dec651dfa3194dece676d437029c62a408b4c5ea9114246e4893"
    static let respEphemeral = "bbdb4cdbd309f1a1f2e1456967fe288cadd6f712d65dc7b7793d5e63da6b375b"
    static let handshakeHash = "c8e5f64e846193be2a834104c2a009868d6c9f3bd3c186299888b488b2f1f58e"
    static let messages: [(payload: String, ciphertext: String)] = [
        ("4c756477696720766f6e204d69736573",
         "ca35def5ae56cec33dc2036731ab14896bc4c75dbb07a61f879f8e3afa4c79444c756477696720766f6e204d69736573"),
        ("4d757272617920526f746862617264",
         "95ebc60d2b1fa672c1f46a8aa265ef51bfe38e7ccb39ec5be34069f14480884381cbad1f276e038c48378ffce2b65285e08d6b68aaa3629a5a8639392490e5b9bd5269c2f1e4f488ed8831161f19b7815528f8982ffe09be9b5c412f8a0db50f8814c7194e83f23dbd8d162c9326ad"),
        ("462e20412e20486179656b",
         "c7195ffacac1307ff99046f219750fc47693e23c3cb08b89c2af808b444850a80ae475b9df0f169ae80a89be0865b57f58c9fea0d4ec82a286427402f113e4b6ae769a1d95941d49b25030"),
        ("4361726c204d656e676572", "96763ed773f8e47bb3712f0e29b3060ffc956ffc146cee53d5e1df"),
        ("4a65616e2d426170746973746520536179", "3e40f15f6f3a46ae446b253bf8b1d9ffb6ed9b174d272328ff91a7e2e5c79c07f5"),
        ("457567656e2042f6686d20766f6e2042617765726b", "eb3f3515110702e047a6c9da4478b6ead94873c11c0f2d710ddb3f09fce024b3a58502ae3f"),
    ]

    static func key(_ hex: String) throws -> Curve25519.KeyAgreement.PrivateKey {
        try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: Hex.decode(hex))
    }

    @Test func cacophonyXX() throws {
        var initiator = NoiseXXHandshake(initiator: true, staticKey: try Self.key(Self.initStatic),
                                         ephemeralKey: try Self.key(Self.initEphemeral), prologue: try Hex.decode(Self.prologue))
        var responder = NoiseXXHandshake(initiator: false, staticKey: try Self.key(Self.respStatic),
                                         ephemeralKey: try Self.key(Self.respEphemeral), prologue: try Hex.decode(Self.prologue))
        for index in 0..<3 {
            let (payload, expected) = Self.messages[index]
            let sender = index % 2 == 0
            let wire = sender ? try initiator.writeMessage(payload: Hex.decode(payload)) : try responder.writeMessage(payload: Hex.decode(payload))
            #expect(Hex.encode(wire) == expected, "handshake message \(index)")
            let read = sender ? try responder.readMessage(wire) : try initiator.readMessage(wire)
            #expect(Hex.encode(read) == payload)
        }
        #expect(Hex.encode(initiator.handshakeHash) == Self.handshakeHash)
        #expect(Hex.encode(responder.handshakeHash) == Self.handshakeHash)
        #expect(initiator.remoteStatic == responder.localStaticPublicKey)
        #expect(responder.remoteStatic == initiator.localStaticPublicKey)
        var (iSend, iReceive) = try initiator.split()
        var (rSend, rReceive) = try responder.split()
        for index in 3..<6 {
            let (payload, expected) = Self.messages[index]
            // After the handshake the responder speaks first (message 3), then they alternate.
            let fromResponder = index % 2 == 1
            let wire = fromResponder ? try rSend.encrypt(Hex.decode(payload)) : try iSend.encrypt(Hex.decode(payload))
            #expect(Hex.encode(wire) == expected, "transport message \(index)")
            let read = fromResponder ? try iReceive.decrypt(wire) : try rReceive.decrypt(wire)
            #expect(Hex.encode(read) == payload)
        }
    }

    @Test func tamperedHandshakeMessageFailsAuthentication() throws {
        var initiator = NoiseXXHandshake(initiator: true, staticKey: .init())
        var responder = NoiseXXHandshake(initiator: false, staticKey: .init())
        _ = try responder.readMessage(try initiator.writeMessage(payload: []))
        var second = try responder.writeMessage(payload: [1, 2, 3])
        second[40] ^= 0x01
        #expect(throws: NoiseError.decryptFailed) { try initiator.readMessage(second) }
    }

    @Test func shortAndOutOfOrderMessagesThrow() throws {
        var responder = NoiseXXHandshake(initiator: false, staticKey: .init())
        #expect(throws: NoiseError.self) { try responder.readMessage([1, 2, 3]) }
        #expect(throws: NoiseError.self) { try responder.writeMessage(payload: []) }
        var initiator = NoiseXXHandshake(initiator: true, staticKey: .init())
        #expect(throws: NoiseError.self) { try initiator.readMessage([UInt8](repeating: 0, count: 32)) }
        #expect(throws: NoiseError.self) { try initiator.split() }
    }
}

/// The libp2p layer on Noise: signed static keys, peer-id checks, 65535-byte frames.
@Suite struct Libp2pNoiseTests {
    static func handshake(initiator: Libp2pIdentityKey, responder: Libp2pIdentityKey, expected: Libp2pPeerID? = nil,
                          tamper: ((inout [UInt8]) -> Void)? = nil) throws -> (NoiseTransport, NoiseTransport, Libp2pPeerID?, Libp2pPeerID?) {
        var i = Libp2pNoiseHandshake(initiator: true, identity: initiator, expectedRemote: expected)
        var r = Libp2pNoiseHandshake(initiator: false, identity: responder)
        try r.read(try i.nextMessage())
        var second = try r.nextMessage()
        tamper?(&second)
        try i.read(second)
        try r.read(try i.nextMessage())
        return (try i.transport(), try r.transport(), i.remotePeer, r.remotePeer)
    }

    @Test func bothSidesLearnEachOthersPeerIDs() throws {
        let a = Libp2pIdentityKey.secp256k1(PrivateKey.generate()), b = Libp2pIdentityKey.ed25519(.init())
        var (ta, tb, seenByA, seenByB) = try Self.handshake(initiator: a, responder: b, expected: b.peerID)
        #expect(seenByA == b.peerID && seenByB == a.peerID)
        var wire = try ta.seal(Array("hello".utf8))
        let body = try #require(NoiseFrame.decode(&wire))
        #expect(try tb.open(body) == Array("hello".utf8))
        #expect(wire.isEmpty)
    }

    @Test func dialingTheWrongPeerIDFails() throws {
        let a = Libp2pIdentityKey.ed25519(.init()), b = Libp2pIdentityKey.ed25519(.init())
        let other = Libp2pIdentityKey.ed25519(.init()).peerID
        #expect(throws: NoiseError.peerIDMismatch(expected: other.base58, got: b.peerID.base58)) {
            _ = try Self.handshake(initiator: a, responder: b, expected: other)
        }
    }

    @Test func aSignatureOverAnotherStaticKeyIsRejected() throws {
        // The responder signs some other X25519 key: the identity does not vouch for this session.
        let identity = Libp2pIdentityKey.secp256k1(PrivateKey.generate())
        var i = Libp2pNoiseHandshake(initiator: true, identity: .ed25519(.init()))
        var r = NoiseXXHandshake(initiator: false, staticKey: .init())
        _ = try r.readMessage(try i.nextMessage())
        let forged = try NoiseHandshakePayload.signed(by: identity, staticKey: Array(Curve25519.KeyAgreement.PrivateKey().publicKey.rawRepresentation))
        #expect(throws: NoiseError.badSignature) { try i.read(try r.writeMessage(payload: forged.bytes)) }
        // and a payload that is not a protobuf at all
        var i2 = Libp2pNoiseHandshake(initiator: true, identity: .ed25519(.init()))
        var r2 = NoiseXXHandshake(initiator: false, staticKey: .init())
        _ = try r2.readMessage(try i2.nextMessage())
        #expect(throws: NoiseError.self) { try i2.read(try r2.writeMessage(payload: [0xff, 0xff])) }
    }

    @Test func largeWritesSplitIntoMaximumFrames() throws {
        var (ta, tb, _, _) = try Self.handshake(initiator: .ed25519(.init()), responder: .ed25519(.init()))
        let data = (0..<150_000).map { UInt8(truncatingIfNeeded: $0) }
        var wire = try ta.seal(data)
        var received: [UInt8] = []
        var frames = 0
        while let body = NoiseFrame.decode(&wire) {
            #expect(body.count <= NoiseTransport.maximumFrame)
            received += try tb.open(body)
            frames += 1
        }
        #expect(frames == 3 && received == data)
        #expect(throws: NoiseError.frameTooLarge(65536)) { try NoiseFrame.encode([UInt8](repeating: 0, count: 65536)) }
        var corrupted = try ta.seal([1, 2, 3])
        corrupted[corrupted.count - 1] ^= 0x80
        let body = try #require(NoiseFrame.decode(&corrupted))
        #expect(throws: NoiseError.decryptFailed) { try tb.open(body) }
    }
}
