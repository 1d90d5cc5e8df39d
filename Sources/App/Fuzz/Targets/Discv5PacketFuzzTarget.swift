import Discv5
import Primitives

extension FuzzTarget {
    /// discv5.1 packets and messages (Sources/Plugins/Discv5) read as node B of the wire vectors. The first
    /// byte (mod 5) picks the mode: 0 — the rest is a datagram: `PacketCodec.decode` (unmasking, header and
    /// authdata checks), then what the service does per kind (ordinary: open with the session key;
    /// WHOAREYOU: answer it with a handshake; handshake: record, id-signature, ECDH, key derivation, open);
    /// 1 — the rest is a message plaintext; 2 — the rest is sealed by A in an ordinary packet; 3/4 — sealed by
    /// A in a handshake packet without/with A's record. Every opened message is decoded, re-encoded (the
    /// decode must give the same message back), and a NODES answer's records are verified.
    public static let discv5Packet = FuzzTarget(
        name: "discv5-packet",
        summary: "PacketCodec.decode as node B → open/handshake → Discv5Message(decoding:) + NODES records; or plaintext sealed by A",
        run: { input in
            guard let mode = input.first else { return }
            let rest = Array(input.dropFirst())
            switch mode % 5 {
            case 0: Discv5Reader.datagram(rest)
            case 1: Discv5Reader.message(rest)
            case 2: if let packet = Discv5Fixtures.sealedOrdinary(rest) { Discv5Reader.datagram(packet) }
            default: if let packet = Discv5Fixtures.sealedHandshake(rest, withRecord: mode % 5 == 4) { Discv5Reader.datagram(packet) }
            }
        },
        seeds: {
            let wire = [Discv5Fixtures.pingPacket, Discv5Fixtures.whoareyouPacket, Discv5Fixtures.handshakePacket,
                        Discv5Fixtures.handshakeWithRecordPacket].map { [UInt8(0)] + $0 }
            let messages = Discv5Fixtures.messages
            return wire + messages.map { [1] + $0 } + messages.map { [2] + $0 } + [[3] + messages[0], [4] + messages[3]]
        })
}

/// What `Discv5Service` does with a datagram, minus the socket and the tables: the steps a peer's bytes reach.
enum Discv5Reader {
    typealias F = Discv5Fixtures

    static func datagram(_ bytes: [UInt8]) {
        guard let packet = try? F.codec.decode(bytes, localID: F.idB) else { return }
        _ = packet.authenticatedData
        switch packet.auth {
        case .message:
            if let plaintext = try? MessageCipher.open(key: F.sessionKey, nonce: packet.nonce, ciphertext: packet.messageCiphertext,
                                                       authenticatedData: packet.authenticatedData) {
                message(plaintext)
            }
        case .whoareyou:
            answer(packet)
        case .handshake(let source, let signature, let ephemeralKey, let recordBytes):
            handshake(packet, source: source, signature: signature, ephemeralKey: ephemeralKey, recordBytes: recordBytes)
        }
    }

    /// B sent a request to A and gets A's WHOAREYOU: B signs the challenge and seals the request in a handshake.
    private static func answer(_ packet: Packet) {
        guard let remoteKey = F.recordA?.publicKey else { return }
        let challenge = packet.authenticatedData
        let ephemeralKey = F.ephemeralKey.publicKey.compressed
        guard let signature = try? HandshakeCrypto.signIDNonce(F.keyB, challengeData: challenge, ephemeralKey: ephemeralKey, recipientID: F.idA),
              let secret = try? HandshakeCrypto.sharedSecret(F.ephemeralKey, remoteKey) else { return }
        let keys = HandshakeCrypto.deriveKeys(secret: secret, initiatorID: F.idB, recipientID: F.idA, challengeData: challenge)
        let auth = PacketAuth.handshake(sourceID: F.idB, idSignature: signature, ephemeralKey: ephemeralKey, record: nil)
        let header = F.codec.header(nonce: F.nonce, auth: auth)
        guard let sealed = try? MessageCipher.seal(key: keys.initiatorKey, nonce: F.nonce, plaintext: F.messages[0],
                                                   authenticatedData: F.zeroIV + header) else { return }
        _ = try? F.codec.encode(maskingIV: F.zeroIV, destinationID: F.idA, header: header, messageCiphertext: sealed)
    }

    /// A answers B's WHOAREYOU: a record if it sends one (signature checked, must be A's node id), the
    /// id-signature over the challenge B sent, ECDH with the ephemeral key, the keys, the sealed message.
    private static func handshake(_ packet: Packet, source: [UInt8], signature: [UInt8], ephemeralKey: [UInt8], recordBytes: [UInt8]?) {
        var record = recordBytes == nil ? F.recordA : nil
        if let recordBytes {
            guard let sent = try? NodeRecord(rlp: recordBytes, requireValidSignature: true), sent.nodeID == source else { return }
            record = sent
        }
        let challenge = recordBytes == nil ? F.challengeKnowingRecord : F.challengeWithoutRecord
        guard let record, let remoteKey = record.publicKey,
              HandshakeCrypto.verifyIDNonce(signature, by: remoteKey, challengeData: challenge, ephemeralKey: ephemeralKey, recipientID: F.idB),
              let ephemeral = try? PublicKey(bytes: ephemeralKey),
              let secret = try? HandshakeCrypto.sharedSecret(F.keyB, ephemeral) else { return }
        let keys = HandshakeCrypto.deriveKeys(secret: secret, initiatorID: source, recipientID: F.idB, challengeData: challenge)
        _ = Endpoint(record: record)
        if let plaintext = try? MessageCipher.open(key: keys.initiatorKey, nonce: packet.nonce, ciphertext: packet.messageCiphertext,
                                                   authenticatedData: packet.authenticatedData) {
            message(plaintext)
        }
    }

    /// A decrypted message: decode, re-encode round trip, and NODES records as a lookup checks them.
    static func message(_ plaintext: [UInt8]) {
        guard let message = try? Discv5Message(decoding: plaintext) else { return }
        let again = try? Discv5Message(decoding: message.encoded)
        precondition(again == message, "discv5: \(message) does not survive encode → decode")
        _ = (message.requestID, message.isResponse, message.type)
        guard case .nodes(_, _, let records) = message else { return }
        for bytes in records {
            guard let record = try? NodeRecord(rlp: bytes, requireValidSignature: true), let id = record.nodeID else { continue }
            _ = NodeDistance.log(id, F.idA)
            _ = NodeDistance.closer(id, than: F.idB, to: F.idA)
            _ = Endpoint(record: record)
            _ = WakuRecordEntry(record: record)
        }
    }
}
