// Fixed-key libp2p Noise handshakes for the `noise` target. `Libp2pNoiseHandshake` draws its ephemeral key
// at random; @testable (debug builds only) lets the target swap in the fixed one so inputs replay alike.
#if DEBUG
import Crypto
import Primitives
@testable import Libp2pCore

/// Both sides of a libp2p Noise XX handshake with fixed keys (the cacophony vector's X25519 keys; identity
/// keys: EIP-8 key A as secp256k1 for the initiator, a fixed Ed25519 seed for the responder), captured at
/// each stage so a target copies the state it needs instead of recomputing the handshake.
enum NoiseFixtures {
    static func x25519(_ hex: String) -> Curve25519.KeyAgreement.PrivateKey {
        guard let key = try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: FuzzFixtures.bytes(hex)) else {
            fatalError("fixture X25519 key \(hex) is invalid")
        }
        return key
    }

    static let initiatorIdentity = Libp2pIdentityKey.secp256k1(FuzzFixtures.keyA)
    /// secp256k1 as well: an Ed25519 private key held in a static trips LeakSanitizer at exit (swift-crypto keeps
    /// its bytes where LSan does not see them); Ed25519 public keys are still fuzzed through the payload seeds.
    static let responderIdentity = Libp2pIdentityKey.secp256k1(FuzzFixtures.keyB)

    static func side(initiator: Bool) -> Libp2pNoiseHandshake {
        let staticKey = x25519(initiator ? "e61ef9919cde45dd5f82166404bd08e38bceb5dfdfded0a34c8df7ed542214d1"
                                         : "4a3acbfdb163dec651dfa3194dece676d437029c62a408b4c5ea9114246e4893")
        let ephemeral = x25519(initiator ? "893e28b9dc6ca8d611ab664754b8ceb7bac5117349a4439a6b0569da977c464a"
                                         : "bbdb4cdbd309f1a1f2e1456967fe288cadd6f712d65dc7b7793d5e63da6b375b")
        var side = Libp2pNoiseHandshake(initiator: initiator, identity: initiator ? initiatorIdentity : responderIdentity,
                                        expectedRemote: initiator ? responderIdentity.peerID : nil, staticKey: staticKey)
        side.noise = NoiseXXHandshake(initiator: initiator, staticKey: staticKey, ephemeralKey: ephemeral)
        return side
    }

    /// The handshake at each stage: messages 1–3 as sent, and each side just before it reads the next one.
    struct Stages {
        var message1: [UInt8] = [], message2: [UInt8] = [], message3: [UInt8] = []
        /// The responder before it reads message 1, and before it reads message 3 (it has written message 2).
        var responderAwaiting1 = NoiseFixtures.side(initiator: false), responderAwaiting3 = NoiseFixtures.side(initiator: false)
        /// The initiator before it reads message 2 (it has written message 1).
        var initiatorAwaiting2 = NoiseFixtures.side(initiator: true)
        /// The transports after a complete handshake.
        var initiatorTransport: NoiseTransport?, responderTransport: NoiseTransport?
    }

    static let stages: Stages = {
        var stages = Stages()
        var initiator = side(initiator: true), responder = side(initiator: false)
        do {
            stages.message1 = try initiator.nextMessage()
            stages.initiatorAwaiting2 = initiator
            try responder.read(stages.message1)
            stages.message2 = try responder.nextMessage()
            stages.responderAwaiting3 = responder
            try initiator.read(stages.message2)
            stages.message3 = try initiator.nextMessage()
            try responder.read(stages.message3)
            stages.initiatorTransport = try initiator.transport()
            stages.responderTransport = try responder.transport()
        } catch {
            fatalError("the fixed Noise handshake failed: \(error)")
        }
        return stages
    }()
}
#endif
