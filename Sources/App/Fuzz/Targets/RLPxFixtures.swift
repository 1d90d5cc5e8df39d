// The rlpx-* targets reach Devp2p's internal handshake and frame code through @testable, which only a
// debug build (as fuzzing and the tests use) allows; a release build of the package leaves them out.
#if DEBUG
@testable import Devp2p
import Primitives

/// The fixed RLPx handshake state the `rlpx-*` targets decode against: B is the local node, A dials it,
/// with the EIP-8 vectors' ephemeral keys and nonces. Built once; every input starts from a copy.
enum RLPxFixtures {
    /// The recipient side (local key B) reading auth packets.
    static let recipient = RLPxRecipient(staticKey: FuzzFixtures.keyB, ephemeralKey: FuzzFixtures.ephemeralB, nonce: FuzzFixtures.nonceB)

    /// The initiator side (local key A, remote B) after sending its EIP-8 auth, reading ack packets.
    static let initiator: RLPxInitiator = {
        var initiator = RLPxInitiator(staticKey: FuzzFixtures.keyA, remote: FuzzFixtures.keyB.publicKey, format: .eip8,
                                      ephemeralKey: FuzzFixtures.ephemeralA, nonce: FuzzFixtures.nonceA)
        guard (try? initiator.makeAuth()) != nil else { fatalError("fixture auth could not be built") }
        return initiator
    }()

    /// An EIP-8 auth packet from A to B (random ECIES and padding: built once).
    static let authPacket: [UInt8] = initiator.authPacket

    /// Session secrets of both ends of the fixed handshake: (A's, B's).
    static let secrets: (initiator: RLPxSecrets, recipient: RLPxSecrets) = {
        do {
            let format = try RLPxPacket.classify(head: Array(authPacket.prefix(RLPxPacket.legacyAuthSize)),
                                                 legacySize: RLPxPacket.legacyAuthSize, key: FuzzFixtures.keyB)
            let auth = try recipient.readAuth(packet: authPacket, format: format.format, legacyBody: format.legacyBody)
            let ack = try recipient.makeAck(for: auth)
            return (try initiator.secrets(fromAck: ack, format: .eip8, legacyBody: nil), try recipient.secrets(for: auth, ackPacket: ack))
        } catch {
            fatalError("fixture handshake failed: \(error)")
        }
    }()
}
#endif
