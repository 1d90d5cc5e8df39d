// The rlpx-* targets reach Devp2p's internal handshake and frame code through @testable, which only a
// debug build (as fuzzing and the tests use) allows; a release build of the package leaves them out.
#if DEBUG
@testable import Devp2p
import Primitives

extension FuzzTarget {
    /// RLPx ack (Sources/Plugins/Devp2p): the packet as it arrives at initiator A after its auth (format
    /// detection, ECIES, body, secret derivation), and the plaintext body parsers behind the ECIES layer.
    public static let rlpxAck = FuzzTarget(
        name: "rlpx-ack",
        summary: "RLPxPacket.classify + RLPxInitiator.secrets(fromAck:) on the packet; AckMessage EIP-8/legacy body decode",
        run: { input in
            let initiator = RLPxFixtures.initiator
            if let classified = try? RLPxPacket.classify(head: Array(input.prefix(RLPxPacket.legacyAckSize)),
                                                         legacySize: RLPxPacket.legacyAckSize, key: FuzzFixtures.keyA),
               classified.totalSize <= input.count {
                let packet = Array(input.prefix(classified.totalSize))
                _ = try? initiator.secrets(fromAck: packet, format: classified.format, legacyBody: classified.legacyBody)
            }
            _ = try? AckMessage.decodeLegacy(input)
            if input.count == AckMessage.legacyBodySize {
                _ = try? initiator.secrets(fromAck: input, format: .legacy, legacyBody: input)
            }
            if (try? AckMessage.decodeEIP8(input)) != nil, input.count <= RLPxPacket.maximumSize - 2 - ECIES.overhead,
               let packet = try? RLPxPacket.sealEIP8(input, to: FuzzFixtures.keyA.publicKey) {
                _ = try? initiator.secrets(fromAck: packet, format: .eip8, legacyBody: nil)
            }
        },
        seeds: {
            var seeds = RLPxVectors.acks
            let message = AckMessage(ephemeralPublicKey: FuzzFixtures.ephemeralB.publicKey.raw64, nonce: FuzzFixtures.nonceB, version: 4)
            seeds.append(message.eip8Body(padding: [0, 0]))
            seeds.append(message.legacyBody)
            if let ack = try? RLPxPacket.sealEIP8(message.eip8Body(padding: []), to: FuzzFixtures.keyA.publicKey) { seeds.append(ack) }
            return seeds
        })
}
#endif
