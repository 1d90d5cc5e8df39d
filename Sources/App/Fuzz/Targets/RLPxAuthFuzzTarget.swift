// The rlpx-* targets reach Devp2p's internal handshake and frame code through @testable, which only a
// debug build (as fuzzing and the tests use) allows; a release build of the package leaves them out.
#if DEBUG
@testable import Devp2p
import Primitives

extension FuzzTarget {
    /// RLPx auth (Sources/Plugins/Devp2p): the packet as it arrives at local node B (format detection, ECIES,
    /// EIP-8 or legacy body, signature recovery), and the plaintext body parsers behind the ECIES layer — an
    /// input that parses as an EIP-8 body is also sealed to B and read like a real packet.
    public static let rlpxAuth = FuzzTarget(
        name: "rlpx-auth",
        summary: "RLPxPacket.classify + RLPxRecipient.readAuth on the packet; AuthMessage EIP-8/legacy body decode; sealed bodies read back",
        run: { input in
            let recipient = RLPxFixtures.recipient
            if let classified = try? RLPxPacket.classify(head: Array(input.prefix(RLPxPacket.legacyAuthSize)),
                                                         legacySize: RLPxPacket.legacyAuthSize, key: FuzzFixtures.keyB),
               classified.totalSize <= input.count {
                let packet = Array(input.prefix(classified.totalSize))
                if let auth = try? recipient.readAuth(packet: packet, format: classified.format, legacyBody: classified.legacyBody) {
                    _ = try? recipient.makeAck(for: auth)
                }
            }
            _ = try? AuthMessage.decodeLegacy(input)
            if input.count == AuthMessage.legacyBodySize {
                _ = try? recipient.readAuth(packet: input, format: .legacy, legacyBody: input)
            }
            if (try? AuthMessage.decodeEIP8(input)) != nil, input.count <= RLPxPacket.maximumSize - 2 - ECIES.overhead,
               let packet = try? RLPxPacket.sealEIP8(input, to: FuzzFixtures.keyB.publicKey),
               let auth = try? recipient.readAuth(packet: packet, format: .eip8, legacyBody: nil) {
                _ = try? recipient.secrets(for: auth, ackPacket: packet)
            }
        },
        seeds: {
            var seeds = RLPxVectors.auths
            let message = AuthMessage(signature: [UInt8](repeating: 1, count: 65), initiatorPublicKey: FuzzFixtures.keyA.publicKey.raw64,
                                      nonce: FuzzFixtures.nonceA, version: 4)
            seeds.append(message.eip8Body(padding: [0, 0, 0]))
            seeds.append(message.legacyBody(ephemeralPublicKeyHash: Keccak256.hash(FuzzFixtures.ephemeralA.publicKey.raw64)))
            seeds.append(RLPxFixtures.authPacket)
            return seeds
        })
}
#endif
