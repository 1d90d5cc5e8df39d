import Discv5
import Primitives
import Testing

/// The official discv5.1 vectors, both directions: encoding reproduces the bytes, decoding recovers the fields.
@Suite struct WireVectorTests {
    typealias V = Discv5Vectors
    let codec = PacketCodec()
    let zeroIV = [UInt8](repeating: 0, count: 16)
    let keyA = try! PrivateKey(rawBytes: hex(V.nodeAKey))
    let keyB = try! PrivateKey(rawBytes: hex(V.nodeBKey))

    @Test func nodeIDsMatchTheKeys() {
        #expect(keyA.publicKey.nodeID == hex(V.PingMessage.srcNodeId))
        #expect(keyB.publicKey.nodeID == hex(V.PingMessage.destNodeId))
    }

    @Test func encodesThePingMessagePacket() throws {
        let v = V.PingMessage.self
        let header = codec.header(nonce: hex(v.nonce), auth: .message(sourceID: hex(v.srcNodeId)))
        let message = Discv5Message.ping(requestID: hex(v.pingReqId), enrSeq: 2)
        let sealed = try MessageCipher.seal(key: hex(v.readKey), nonce: hex(v.nonce), plaintext: message.encoded,
                                            authenticatedData: zeroIV + header)
        let packet = try codec.encode(maskingIV: zeroIV, destinationID: hex(v.destNodeId), header: header, messageCiphertext: sealed)
        #expect(Hex.encode(packet) == v.encoded)
    }

    @Test func decodesThePingMessagePacket() throws {
        let v = V.PingMessage.self
        let packet = try codec.decode(hex(v.encoded), localID: hex(v.destNodeId))
        #expect(packet.auth == .message(sourceID: hex(v.srcNodeId)))
        #expect(packet.nonce == hex(v.nonce))
        let plaintext = try MessageCipher.open(key: hex(v.readKey), nonce: packet.nonce, ciphertext: packet.messageCiphertext,
                                               authenticatedData: packet.authenticatedData)
        #expect(try Discv5Message(decoding: plaintext) == .ping(requestID: hex(v.pingReqId), enrSeq: 2))
    }

    @Test func encodesAndDecodesWhoareyou() throws {
        let v = V.Whoareyou.self
        let auth = PacketAuth.whoareyou(idNonce: hex(v.whoareyouIdNonce), enrSeq: 0)
        let header = codec.header(nonce: hex(v.whoareyouRequestNonce), auth: auth)
        let packet = try codec.encode(maskingIV: zeroIV, destinationID: hex(v.destNodeId), header: header, messageCiphertext: [])
        #expect(Hex.encode(packet) == v.encoded)
        #expect(Hex.encode(zeroIV + header) == String(v.whoareyouChallengeData.dropFirst(2)))

        let decoded = try codec.decode(hex(v.encoded), localID: hex(v.destNodeId))
        #expect(decoded.auth == auth)
        #expect(decoded.nonce == hex(v.whoareyouRequestNonce))
        #expect(decoded.authenticatedData == hex(v.whoareyouChallengeData))
        #expect(decoded.messageCiphertext.isEmpty)
    }

    /// A's side of the handshake: id-signature (RFC 6979), keys from the ephemeral key, sealed PING.
    private func encodeHandshake(challenge: [UInt8], ephemeral: [UInt8], record: [UInt8]?, enrSeq: UInt64,
                                 readKey: [UInt8], nonce: [UInt8]) throws -> [UInt8] {
        let eph = try PrivateKey(rawBytes: ephemeral)
        let ephPub = eph.publicKey.compressed
        let idB = keyB.publicKey.nodeID
        let signature = try HandshakeCrypto.signIDNonce(keyA, challengeData: challenge, ephemeralKey: ephPub, recipientID: idB)
        let secret = try HandshakeCrypto.sharedSecret(eph, keyB.publicKey)
        let keys = HandshakeCrypto.deriveKeys(secret: secret, initiatorID: keyA.publicKey.nodeID, recipientID: idB, challengeData: challenge)
        #expect(keys.initiatorKey == readKey)
        let auth = PacketAuth.handshake(sourceID: keyA.publicKey.nodeID, idSignature: signature, ephemeralKey: ephPub, record: record)
        let header = codec.header(nonce: nonce, auth: auth)
        let sealed = try MessageCipher.seal(key: keys.initiatorKey, nonce: nonce,
                                            plaintext: Discv5Message.ping(requestID: [0, 0, 0, 1], enrSeq: enrSeq).encoded,
                                            authenticatedData: zeroIV + header)
        return try codec.encode(maskingIV: zeroIV, destinationID: idB, header: header, messageCiphertext: sealed)
    }

    /// B's side: verify the id-signature, derive the keys from B's static key, open the PING.
    private func decodeHandshake(_ encoded: String, challenge: [UInt8], ephemeralPub: [UInt8], readKey: [UInt8]) throws -> (PacketAuth, Discv5Message) {
        let packet = try codec.decode(hex(encoded), localID: keyB.publicKey.nodeID)
        guard case .handshake(let source, let signature, let ephKey, _) = packet.auth else {
            Issue.record("expected a handshake packet, got \(packet.auth)")
            throw Discv5WireError.unknownFlag(packet.auth.flag)
        }
        #expect(source == keyA.publicKey.nodeID)
        #expect(ephKey == ephemeralPub)
        #expect(HandshakeCrypto.verifyIDNonce(signature, by: keyA.publicKey, challengeData: challenge, ephemeralKey: ephKey,
                                              recipientID: keyB.publicKey.nodeID))
        let secret = try HandshakeCrypto.sharedSecret(keyB, try PublicKey(bytes: ephKey))
        let keys = HandshakeCrypto.deriveKeys(secret: secret, initiatorID: source, recipientID: keyB.publicKey.nodeID, challengeData: challenge)
        #expect(keys.initiatorKey == readKey)
        let plaintext = try MessageCipher.open(key: keys.initiatorKey, nonce: packet.nonce, ciphertext: packet.messageCiphertext,
                                               authenticatedData: packet.authenticatedData)
        return (packet.auth, try Discv5Message(decoding: plaintext))
    }

    @Test func handshakeWithoutRecordBothWays() throws {
        let v = V.Handshake.self
        let encoded = try encodeHandshake(challenge: hex(v.whoareyouChallengeData), ephemeral: hex(v.ephemeralKey), record: nil,
                                          enrSeq: 1, readKey: hex(v.readKey), nonce: hex(v.nonce))
        #expect(Hex.encode(encoded) == v.encoded)
        let (auth, message) = try decodeHandshake(v.encoded, challenge: hex(v.whoareyouChallengeData),
                                                  ephemeralPub: hex(v.ephemeralPubkey), readKey: hex(v.readKey))
        guard case .handshake(_, _, _, let record) = auth else { return }
        #expect(record == nil)
        #expect(message == .ping(requestID: hex(v.pingReqId), enrSeq: 1))
    }

    @Test func handshakeWithRecordBothWays() throws {
        let v = V.HandshakeWithRecord.self
        let (auth, message) = try decodeHandshake(v.encoded, challenge: hex(v.whoareyouChallengeData),
                                                  ephemeralPub: hex(v.ephemeralPubkey), readKey: hex(v.readKey))
        #expect(message == .ping(requestID: hex(v.pingReqId), enrSeq: 1))
        guard case .handshake(_, _, _, let recordBytes?) = auth else {
            Issue.record("the handshake carries no record")
            return
        }
        let record = try NodeRecord(rlp: recordBytes, requireValidSignature: true)
        #expect(record.seq == 1)
        #expect(record.nodeID == keyA.publicKey.nodeID)
        // A's ENR (seq 1) is reproducible from the key and its pairs (RFC 6979).
        var pairs: [String: RLPItem] = [:]
        for pair in record.pairs where pair.key != "id" && pair.key != "secp256k1" { pairs[pair.key] = pair.value }
        #expect(try NodeRecord.build(seq: 1, pairs: pairs, signingWith: keyA).rlpBytes == recordBytes)
        let encoded = try encodeHandshake(challenge: hex(v.whoareyouChallengeData), ephemeral: hex(v.ephemeralKey),
                                          record: recordBytes, enrSeq: 1, readKey: hex(v.readKey), nonce: hex(v.nonce))
        #expect(Hex.encode(encoded) == v.encoded)
    }

    @Test func ecdhVector() throws {
        let v = V.Ecdh.self
        let secret = try HandshakeCrypto.sharedSecret(try PrivateKey(rawBytes: hex(v.secretKey)), try PublicKey(bytes: hex(v.publicKey)))
        #expect(Hex.encode(secret) == v.sharedSecret)
    }

    @Test func keyDerivationVector() throws {
        let v = V.KeyDerivation.self
        let secret = try HandshakeCrypto.sharedSecret(try PrivateKey(rawBytes: hex(v.ephemeralKey)), try PublicKey(bytes: hex(v.destPubkey)))
        let keys = HandshakeCrypto.deriveKeys(secret: secret, initiatorID: hex(v.nodeIdA), recipientID: hex(v.nodeIdB),
                                              challengeData: hex(v.challengeData))
        #expect(Hex.encode(keys.initiatorKey) == v.initiatorKey)
        #expect(Hex.encode(keys.recipientKey) == v.recipientKey)
    }

    @Test func idSignatureVector() throws {
        let v = V.IdNonceSigning.self
        let key = try PrivateKey(rawBytes: hex(v.staticKey))
        let signature = try HandshakeCrypto.signIDNonce(key, challengeData: hex(v.challengeData), ephemeralKey: hex(v.ephemeralPubkey),
                                                        recipientID: hex(v.nodeIdB))
        #expect(Hex.encode(signature) == v.idSignature)
        #expect(HandshakeCrypto.verifyIDNonce(hex(v.idSignature), by: key.publicKey, challengeData: hex(v.challengeData),
                                              ephemeralKey: hex(v.ephemeralPubkey), recipientID: hex(v.nodeIdB)))
        var tampered = hex(v.idSignature)
        tampered[5] ^= 1
        #expect(!HandshakeCrypto.verifyIDNonce(tampered, by: key.publicKey, challengeData: hex(v.challengeData),
                                               ephemeralKey: hex(v.ephemeralPubkey), recipientID: hex(v.nodeIdB)))
    }

    @Test func aesGCMVectorBothWays() throws {
        let v = V.AesGcm.self
        let sealed = try MessageCipher.seal(key: hex(v.encryptionKey), nonce: hex(v.nonce), plaintext: hex(v.pt), authenticatedData: hex(v.ad))
        #expect(Hex.encode(sealed) == v.messageCiphertext)
        let opened = try MessageCipher.open(key: hex(v.encryptionKey), nonce: hex(v.nonce), ciphertext: hex(v.messageCiphertext),
                                            authenticatedData: hex(v.ad))
        #expect(opened == hex(v.pt))
        #expect(throws: Discv5WireError.decryptionFailed) {
            try MessageCipher.open(key: hex(v.encryptionKey), nonce: hex(v.nonce), ciphertext: hex(v.messageCiphertext), authenticatedData: [])
        }
    }
}
