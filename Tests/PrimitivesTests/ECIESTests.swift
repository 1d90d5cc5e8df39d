import Primitives
import Testing

@Suite struct ECIESVectorTests {
    typealias V = EIP8Vectors

    /// Splits an EIP-8 packet into (size prefix used as s2, ECIES ciphertext).
    static func eip8(_ packet: [UInt8]) -> (s2: [UInt8], ciphertext: [UInt8]) {
        (Array(packet.prefix(2)), Array(packet.dropFirst(2)))
    }

    @Test func keysMatchTheVectors() throws {
        #expect(try PrivateKey(rawBytes: V.keyA).publicKey.raw64 == V.pubA)
        #expect(try PrivateKey(rawBytes: V.keyB).publicKey.raw64 == V.pubB)
    }

    /// Legacy auth₁: 194-byte body = sig ‖ keccak(eph-pub) ‖ pub_a ‖ nonce_a ‖ 0x00, and the signature
    /// over static-shared-secret XOR nonce recovers the initiator's ephemeral key.
    @Test func decryptsLegacyAuth() throws {
        let keyB = try PrivateKey(rawBytes: V.keyB)
        #expect(V.auth1.count == 307)
        let body = try ECIES.decrypt(V.auth1, with: keyB)
        #expect(body.count == 194)
        #expect(Array(body[65..<97]) == Keccak256.hash(V.ephPubA))
        #expect(Array(body[97..<161]) == V.pubA)
        #expect(Array(body[161..<193]) == V.nonceA)
        #expect(body[193] == 0)
        let staticShared = try keyB.sharedSecretX(with: PublicKey(bytes: V.pubA))
        let signed = zip(staticShared, V.nonceA).map { $0 ^ $1 }
        let signature = try RecoverableSignature(bytes65: body[0..<65])
        #expect(try signature.recoverPublicKey(digest: signed).raw64 == V.ephPubA)
    }

    /// Legacy ack₁: 97-byte body = eph-pub_b ‖ nonce_b ‖ 0x00.
    @Test func decryptsLegacyAck() throws {
        let keyA = try PrivateKey(rawBytes: V.keyA)
        #expect(V.ack1.count == 210)
        let body = try ECIES.decrypt(V.ack1, with: keyA)
        #expect(body == V.ephPubB + V.nonceB + [0])
    }

    /// EIP-8 auth₂ / auth₃: s2 = the 2-byte size prefix; the padded body RLP-decodes leniently to
    /// [sig, pub_a, nonce_a, vsn, …].
    @Test(arguments: [(EIP8Vectors.auth2, UInt64(4), 4), (EIP8Vectors.auth3, UInt64(56), 5)])
    func decryptsEIP8Auth(packet: [UInt8], version: UInt64, minimumItems: Int) throws {
        let keyB = try PrivateKey(rawBytes: V.keyB)
        let (s2, ciphertext) = Self.eip8(packet)
        #expect(Int(s2[0]) << 8 | Int(s2[1]) == ciphertext.count)
        let body = try ECIES.decrypt(ciphertext, with: keyB, sharedMacData: s2)
        #expect(throws: RLPError.self) { try RLP.decode(body) } // padding follows the list
        let items = try RLP.decode(body, strict: false).asList()
        #expect(items.count >= minimumItems)
        #expect(try items[1].asBytes() == V.pubA)
        #expect(try items[2].asBytes() == V.nonceA)
        #expect(try items[3].asUInt64() == version)
        let staticShared = try keyB.sharedSecretX(with: PublicKey(bytes: V.pubA))
        let signature = try RecoverableSignature(bytes65: items[0].asBytes())
        #expect(try signature.recoverPublicKey(digest: zip(staticShared, V.nonceA).map { $0 ^ $1 }).raw64 == V.ephPubA)
        // Without the size prefix as s2 the MAC fails.
        #expect(throws: ECIESError.macMismatch) { try ECIES.decrypt(ciphertext, with: keyB) }
    }

    /// EIP-8 ack₂ / ack₃: [eph-pub_b, nonce_b, vsn, …].
    @Test(arguments: [(EIP8Vectors.ack2, UInt64(4)), (EIP8Vectors.ack3, UInt64(57))])
    func decryptsEIP8Ack(packet: [UInt8], version: UInt64) throws {
        let keyA = try PrivateKey(rawBytes: V.keyA)
        let (s2, ciphertext) = Self.eip8(packet)
        let body = try ECIES.decrypt(ciphertext, with: keyA, sharedMacData: s2)
        let items = try RLP.decode(body, strict: false).asList()
        #expect(try items[0].asBytes() == V.ephPubB)
        #expect(try items[1].asBytes() == V.nonceB)
        #expect(try items[2].asUInt64() == version)
    }

    @Test func wrongRecipientFailsTheMAC() throws {
        #expect(throws: ECIESError.macMismatch) { try ECIES.decrypt(V.auth1, with: PrivateKey(rawBytes: V.keyA)) }
    }
}

@Suite struct ECIESTests {
    @Test func roundTrips() throws {
        let recipient = PrivateKey.generate()
        for length in [0, 1, 15, 16, 17, 194, 1000] {
            let message = SecureRandom.bytes(length)
            let sealed = try ECIES.encrypt(message, to: recipient.publicKey, sharedMacData: [1, 2])
            #expect(sealed.count == message.count + ECIES.overhead)
            #expect(sealed[0] == 0x04)
            #expect(try ECIES.decrypt(sealed, with: recipient, sharedMacData: [1, 2]) == message)
            #expect(throws: ECIESError.macMismatch) { try ECIES.decrypt(sealed, with: recipient, sharedMacData: [1, 3]) }
        }
    }

    /// Deterministic encryption reproduces the layout R ‖ iv ‖ AES-128-CTR(kE, iv, m) ‖ HMAC(kM, iv ‖ c ‖ s2),
    /// recomputed here from the primitives.
    @Test func deterministicLayout() throws {
        let recipient = try PrivateKey(rawBytes: Keccak256.hash(utf8("recipient")))
        let ephemeral = try PrivateKey(rawBytes: Keccak256.hash(utf8("ephemeral")))
        let iv = [UInt8](0..<16)
        let message = utf8("hello ecies")
        let sealed = try ECIES.encrypt(message, to: recipient.publicKey, sharedMacData: [9], ephemeralKey: ephemeral, iv: iv)
        let z = try ephemeral.sharedSecretX(with: recipient.publicKey)
        let k = SHA2.sha256([0, 0, 0, 1] + z)
        #expect(KDF.concatKDFSHA256(z: z, s1: [], length: 32) == k)
        let kE = Array(k[0..<16]), kM = SHA2.sha256(k[16..<32])
        let c = try AESCTR.apply(key: kE, iv: iv, message)
        let d = KDF.hmacSHA256(key: kM, data: iv + c + [9])
        #expect(sealed == ephemeral.publicKey.uncompressed + iv + c + d)
        #expect(throws: ECIESError.invalidIVLength(15)) {
            try ECIES.encrypt(message, to: recipient.publicKey, ephemeralKey: ephemeral, iv: Array(iv.dropLast()))
        }
    }

    @Test func rejectsMalformedMessages() throws {
        let recipient = PrivateKey.generate()
        let sealed = try ECIES.encrypt(utf8("secret"), to: recipient.publicKey)
        // Wrong first byte.
        var wrongPrefix = sealed
        wrongPrefix[0] = 0x02
        #expect(throws: ECIESError.invalidPrefix(0x02)) { try ECIES.decrypt(wrongPrefix, with: recipient) }
        // Truncated.
        #expect(throws: ECIESError.tooShort(112)) { try ECIES.decrypt(Array(sealed.prefix(112)), with: recipient) }
        #expect(throws: ECIESError.tooShort(0)) { try ECIES.decrypt([], with: recipient) }
        // Tampered MAC, ciphertext, IV.
        for index in [sealed.count - 1, 81, 70] {
            var tampered = sealed
            tampered[index] ^= 0x01
            #expect(throws: ECIESError.macMismatch) { try ECIES.decrypt(tampered, with: recipient) }
        }
        // Ephemeral key not on the curve.
        var badPoint = sealed
        badPoint[64] ^= 0x01
        #expect(throws: ECIESError.invalidEphemeralKey) { try ECIES.decrypt(badPoint, with: recipient) }
        // Dropping a byte of the body makes the MAC fail.
        #expect(throws: ECIESError.macMismatch) { try ECIES.decrypt(Array(sealed.dropLast()), with: recipient) }
    }

    @Test func neverTrapsOnGarbage() throws {
        let seed = freshSeed("ecies-garbage")
        var rng = SeededGenerator(seed: seed)
        let recipient = PrivateKey.generate()
        let sealed = try ECIES.encrypt(utf8("payload"), to: recipient.publicKey)
        for iteration in 0..<500 {
            let input = iteration % 2 == 0 ? rng.bytes(Int.random(in: 0..<200, using: &rng)) : rng.mutate(sealed)
            do {
                let opened = try ECIES.decrypt(input, with: recipient)
                #expect(input == sealed && opened == utf8("payload"), "seed \(seed)")
            } catch {
                #expect(error is ECIESError, "seed \(seed): \(error)")
            }
        }
    }
}
