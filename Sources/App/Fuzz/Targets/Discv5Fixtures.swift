import Discv5
import Primitives

/// The discv5.1 wire test vectors (ethereum/devp2p discv5-wire-test-vectors.md, `shared/vectors/discv5.json`)
/// the `discv5-packet` target reads as node B, and the fixed session keys it seals inputs with, so every
/// input replays the same way on any machine.
enum Discv5Fixtures {
    /// Node A (the remote) and node B (the local node: packets are unmasked with B's id).
    static let keyA = FuzzFixtures.key("eef77acb6c6a6eebc5b363a475ac583ec7eccdb42b6481424c60f59aa326547f")
    static let keyB = FuzzFixtures.key("66fb62bfbd66b9177a138c1e5cddbe4f7c30c343e94e68df8769459cb1cde628")
    static let idA = keyA.publicKey.nodeID
    static let idB = keyB.publicKey.nodeID
    static let codec = PacketCodec()
    static let zeroIV = [UInt8](repeating: 0, count: 16)
    static let nonce = FuzzFixtures.bytes("ffffffffffffffffffffffff")
    /// The read key of the ordinary-packet vector: the established session's A→B key.
    static let sessionKey = [UInt8](repeating: 0, count: 16)
    /// A's handshake ephemeral key (the vectors').
    static let ephemeralKey = FuzzFixtures.key("0288ef00023598499cb6c940146d050d2b1fb914198c327f76aad590bead68b6")
    /// The WHOAREYOU `challenge-data` B sent: enr-seq 0 (B does not know A, so A sends its record) or 1.
    static let challengeWithoutRecord = FuzzFixtures.bytes(
        "000000000000000000000000000000006469736376350001010102030405060708090a0b0c00180102030405060708090a0b0c0d0e0f100000000000000000")
    static let challengeKnowingRecord = FuzzFixtures.bytes(
        "000000000000000000000000000000006469736376350001010102030405060708090a0b0c00180102030405060708090a0b0c0d0e0f100000000000000001")

    static let pingPacket = FuzzFixtures.bytes(
        "00000000000000000000000000000000088b3d4342774649325f313964a39e55ea96c005ad52be8c7560413a7008f16c9e6d2f43bbea8814a546b7409ce783d34c4f53245d08dab84102ed931f66d1492acb308fa1c6715b9d139b81acbdcc")
    static let whoareyouPacket = FuzzFixtures.bytes(
        "00000000000000000000000000000000088b3d434277464933a1ccc59f5967ad1d6035f15e528627dde75cd68292f9e6c27d6b66c8100a873fcbaed4e16b8d")
    static let handshakePacket = FuzzFixtures.bytes(
        "00000000000000000000000000000000088b3d4342774649305f313964a39e55ea96c005ad521d8c7560413a7008f16c9e6d2f43bbea8814a546b7409ce783d34c4f53245d08da4bb252012b2cba3f4f374a90a75cff91f142fa9be3e0a5f3ef268ccb9065aeecfd67a999e7fdc137e062b2ec4a0eb92947f0d9a74bfbf44dfba776b21301f8b65efd5796706adff216ab862a9186875f9494150c4ae06fa4d1f0396c93f215fa4ef524f1eadf5f0f4126b79336671cbcf7a885b1f8bd2a5d839cf8")
    static let handshakeWithRecordPacket = FuzzFixtures.bytes(
        "00000000000000000000000000000000088b3d4342774649305f313964a39e55ea96c005ad539c8c7560413a7008f16c9e6d2f43bbea8814a546b7409ce783d34c4f53245d08da4bb23698868350aaad22e3ab8dd034f548a1c43cd246be98562fafa0a1fa86d8e7a3b95ae78cc2b988ded6a5b59eb83ad58097252188b902b21481e30e5e285f19735796706adff216ab862a9186875f9494150c4ae06fa4d1f0396c93f215fa4ef524e0ed04c3c21e39b1868e1ca8105e585ec17315e755e6cfc4dd6cb7fd8e1a1f55e49b4b5eb024221482105346f3c82b15fdaae36a3bb12a494683b4a3c7f2ae41306252fed84785e2bbff3b022812d0882f06978df84a80d443972213342d04b9048fc3b1d5fcb1df0f822152eced6da4d3f6df27e70e4539717307a0208cd208d65093ccab5aa596a34d7511401987662d8cf62b139471")

    /// A's record (seq 1) as the with-record handshake vector carries it: what B knows of A after that handshake.
    static let recordA: NodeRecord? = {
        guard let packet = try? codec.decode(handshakeWithRecordPacket, localID: idB),
              case .handshake(_, _, _, let bytes?) = packet.auth else { return nil }
        return try? NodeRecord(rlp: bytes, requireValidSignature: true)
    }()

    /// Records a NODES answer carries in the seeds: A's, and B's own with an address.
    static let records: [[UInt8]] = [recordA?.rlpBytes, try? NodeRecord.build(seq: 3, ip: [127, 0, 0, 1], udp: 9000, signingWith: keyB).rlpBytes]
        .compactMap { $0 }

    /// A's side of a handshake answering `challenge`: the id-signature, ephemeral public key and the keys
    /// (fixed: RFC 6979 signatures and the vector ephemeral key).
    struct Handshake {
        let challenge: [UInt8]
        let signature: [UInt8]
        let ephemeralPublicKey: [UInt8]
        let keys: HandshakeCrypto.SessionKeys
    }

    static let handshakes: [Handshake] = [challengeKnowingRecord, challengeWithoutRecord].compactMap { challenge in
        let ephemeralPublicKey = ephemeralKey.publicKey.compressed
        guard let signature = try? HandshakeCrypto.signIDNonce(keyA, challengeData: challenge, ephemeralKey: ephemeralPublicKey, recipientID: idB),
              let secret = try? HandshakeCrypto.sharedSecret(ephemeralKey, keyB.publicKey) else { return nil }
        let keys = HandshakeCrypto.deriveKeys(secret: secret, initiatorID: idA, recipientID: idB, challengeData: challenge)
        return Handshake(challenge: challenge, signature: signature, ephemeralPublicKey: ephemeralPublicKey, keys: keys)
    }

    /// A's ordinary packet to B: `plaintext` sealed under the session key.
    static func sealedOrdinary(_ plaintext: [UInt8]) -> [UInt8]? {
        let header = codec.header(nonce: nonce, auth: .message(sourceID: idA))
        guard let sealed = try? MessageCipher.seal(key: sessionKey, nonce: nonce, plaintext: plaintext, authenticatedData: zeroIV + header) else {
            return nil
        }
        return try? codec.encode(maskingIV: zeroIV, destinationID: idB, header: header, messageCiphertext: sealed)
    }

    /// A's handshake packet to B: `plaintext` sealed under the handshake's initiator key; with A's record
    /// when B's challenge said it does not know A.
    static func sealedHandshake(_ plaintext: [UInt8], withRecord: Bool) -> [UInt8]? {
        guard handshakes.count == 2 else { return nil }
        let handshake = handshakes[withRecord ? 1 : 0]
        let auth = PacketAuth.handshake(sourceID: idA, idSignature: handshake.signature, ephemeralKey: handshake.ephemeralPublicKey,
                                        record: withRecord ? recordA?.rlpBytes : nil)
        let header = codec.header(nonce: nonce, auth: auth)
        guard let sealed = try? MessageCipher.seal(key: handshake.keys.initiatorKey, nonce: nonce, plaintext: plaintext,
                                                   authenticatedData: zeroIV + header) else { return nil }
        return try? codec.encode(maskingIV: zeroIV, destinationID: idB, header: header, messageCiphertext: sealed)
    }

    /// One of each message, as GCM plaintexts.
    static let messages: [[UInt8]] = { () -> [Discv5Message] in [
        .ping(requestID: [0, 0, 0, 1], enrSeq: 2),
        .pong(requestID: [1, 2], enrSeq: 7, recipientIP: [127, 0, 0, 1], recipientPort: 30303),
        .pong(requestID: [9], enrSeq: 0, recipientIP: [UInt8](repeating: 0, count: 15) + [1], recipientPort: 9000),
        .findNode(requestID: [1, 2, 3, 4, 5, 6, 7, 8], distances: [0, 255, 256]),
        .nodes(requestID: [4], total: 2, records: records),
        .talkRequest(requestID: [5], protocolName: Array("portal".utf8), request: [1, 2, 3]),
        .talkResponse(requestID: [5], response: Array("ok".utf8)),
    ] }().map(\.encoded)
}
