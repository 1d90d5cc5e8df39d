import Primitives
import Testing
@testable import WakuCore

@Suite("Symmetric and asymmetric encryption")
struct EncryptionTests {
    static let gcmKey = try! SymKey(bytes: Hex.decode("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"))
    static let gcmNonce = try! Hex.decode("cafebabefacedbaddecaf888")
    static let gcmPlaintext = try! Hex.decode(
        "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255")
    static let gcmCiphertextAndTag = try! Hex.decode(
        "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad"
        + "b094dac5d93471bdec1a502270e3cc6c")

    /// The backends usable on this machine.
    static var backends: [SymmetricCipher.Backend] {
        SymmetricCipher.Backend.sodiumAvailable ? [.sodium, .swiftCrypto] : [.swiftCrypto]
    }

    @Test("AES-256-GCM known answer (GCM spec test case 15, no AAD) with the nonce appended (errata #8)")
    func knownAnswer() throws {
        for backend in Self.backends {
            let sealed = try SymmetricCipher.encrypt(Self.gcmPlaintext, key: Self.gcmKey, nonce: Self.gcmNonce, backend: backend)
            #expect(sealed == Self.gcmCiphertextAndTag + Self.gcmNonce, "\(backend)")
            #expect(try SymmetricCipher.decrypt(sealed, key: Self.gcmKey, backend: backend) == Self.gcmPlaintext)
        }
    }

    @Test("libsodium and swift-crypto agree and open each other's output")
    func backendsAgree() throws {
        guard SymmetricCipher.Backend.sodiumAvailable else { return }
        for length in [0, 1, 15, 16, 17, 255, 256, 4096] {
            let plaintext = SecureRandom.bytes(length)
            let key = SymKey.random()
            let nonce = SecureRandom.bytes(12)
            let fromSodium = try SymmetricCipher.encrypt(plaintext, key: key, nonce: nonce, backend: .sodium)
            let fromSwift = try SymmetricCipher.encrypt(plaintext, key: key, nonce: nonce, backend: .swiftCrypto)
            #expect(fromSodium == fromSwift)
            #expect(try SymmetricCipher.decrypt(fromSodium, key: key, backend: .swiftCrypto) == plaintext)
            #expect(try SymmetricCipher.decrypt(fromSwift, key: key, backend: .sodium) == plaintext)
        }
    }

    @Test("tampered ciphertext, tag or nonce, a wrong key and short input all fail authentication")
    func tampering() throws {
        for backend in Self.backends {
            let key = SymKey.random()
            let sealed = try SymmetricCipher.encrypt(SecureRandom.bytes(100), key: key, nonce: SecureRandom.bytes(12), backend: backend)
            for position in [0, 50, 99, 100, 115, 116, 127] {   // ciphertext, tag (100..<116), nonce (116..<128)
                var altered = sealed
                altered[position] ^= 0x80
                #expect(throws: SymmetricCipherError.authenticationFailed, "\(backend) byte \(position)") {
                    try SymmetricCipher.decrypt(altered, key: key, backend: backend)
                }
            }
            #expect(throws: SymmetricCipherError.authenticationFailed) { try SymmetricCipher.decrypt(sealed, key: SymKey.random(), backend: backend) }
            #expect(throws: SymmetricCipherError.authenticationFailed) { try SymmetricCipher.decrypt(Array(sealed.dropFirst()), key: key, backend: backend) }
            #expect(throws: SymmetricCipherError.tooShort(27)) { try SymmetricCipher.decrypt([UInt8](repeating: 0, count: 27), key: key, backend: backend) }
            #expect(throws: SymmetricCipherError.invalidNonceLength(8)) { try SymmetricCipher.encrypt([], key: key, nonce: [0, 0, 0, 0, 0, 0, 0, 0], backend: backend) }
            // An empty plaintext is 28 bytes and decrypts to nothing.
            let empty = try SymmetricCipher.encrypt([], key: key, nonce: SecureRandom.bytes(12), backend: backend)
            #expect(empty.count == 28)
            #expect(try SymmetricCipher.decrypt(empty, key: key, backend: backend) == [])
        }
    }

    @Test("random nonces: two encryptions of the same plaintext differ")
    func freshNonces() throws {
        let key = SymKey.random()
        #expect(try SymmetricCipher.encrypt([1, 2, 3], key: key) != SymmetricCipher.encrypt([1, 2, 3], key: key))
    }
}

@Suite("Message seal and open")
struct MessageTests {
    static let alice = try! PrivateKey(rawBytes: Hex.decode("c6cbd7d76bc5baca530c875663711b947efa6a86a900a9e8645ce32e5821484e"))
    static let bob = try! PrivateKey(rawBytes: Hex.decode("d51dd64ad19ea84968a308dca246012c00d2b2101d41bce740acd1c650acc509"))

    @Test("every mode round-trips: symmetric / asymmetric × signed / unsigned", arguments: [true, false], [true, false])
    func roundTrip(symmetric: Bool, signed: Bool) throws {
        let key = SymKey.random()
        let payload = Array("hello from alice".utf8)
        let encryption: Encryption = symmetric ? .symmetric(key) : .asymmetric(Self.bob.publicKey)
        let data = try Message.seal(payload: payload, to: encryption, signWith: signed ? Self.alice : nil)
        let expectedSize = 256 + (symmetric ? SymmetricCipher.overhead : ECIES.overhead)
        #expect(data.count == expectedSize)
        let keys: [KeySpec] = [.symmetric(SymKey.random()), .asymmetric(Self.alice), symmetric ? .symmetric(key) : .asymmetric(Self.bob)]
        let opened = try Message.open(data, with: keys)
        #expect(opened.payload == payload)
        #expect(opened.signer == (signed ? Self.alice.publicKey : nil))
        #expect(opened.keyIndex == 2 && opened.key == keys[2])
        #expect(opened.padding.count == DataField.paddingLength(payloadLength: payload.count, signed: signed))
    }

    @Test("trial decryption: no matching key, tampered ciphertext and empty key lists are noMatchingKey")
    func noMatch() throws {
        let key = SymKey.random()
        let symmetric = try Message.seal(payload: [1], to: .symmetric(key), signWith: Self.alice)
        let asymmetric = try Message.seal(payload: [1], to: .asymmetric(Self.bob.publicKey), signWith: Self.alice)
        #expect(throws: MessageError.noMatchingKey(tried: 2)) { try Message.open(symmetric, with: [.symmetric(.random()), .asymmetric(Self.bob)]) }
        #expect(throws: MessageError.noMatchingKey(tried: 2)) { try Message.open(asymmetric, with: [.symmetric(key), .asymmetric(Self.alice)]) }
        #expect(throws: MessageError.noMatchingKey(tried: 0)) { try Message.open(symmetric, with: []) }
        for data in [symmetric, asymmetric] {
            for position in [0, 1, 70, 100, data.count - 1] {
                var altered = data
                altered[position] ^= 0x01
                #expect(throws: MessageError.self) { try Message.open(altered, with: [.symmetric(key), .asymmetric(Self.bob)]) }
            }
        }
        #expect(throws: MessageError.noMatchingKey(tried: 2)) { try Message.open([], with: [.symmetric(key), .asymmetric(Self.bob)]) }
    }

    @Test("a key that decrypts a malformed data field reports the data-field error")
    func malformedPlaintext() throws {
        let key = SymKey.random()
        let data = try SymmetricCipher.encrypt([0x01, 0x09, 1, 2], key: key)   // declares 9 payload bytes, has 2
        #expect(throws: MessageError.dataField(.payloadOverrun(declared: 9, available: 2))) { try Message.open(data, with: [.symmetric(key)]) }
        let empty = try ECIES.encrypt([], to: Self.bob.publicKey)
        #expect(throws: MessageError.dataField(.empty)) { try Message.open(empty, with: [.asymmetric(Self.bob)]) }
    }

    @Test("randomized: opening arbitrary bytes never traps")
    func neverTraps() throws {
        let keys: [KeySpec] = [.symmetric(.random()), .asymmetric(Self.bob)]
        var generator = SystemRandomNumberGenerator()
        for round in 0..<2_000 {
            var bytes = (0..<Int.random(in: 0...300, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if round % 3 == 0, !bytes.isEmpty { bytes[0] = 0x04 }
            _ = try? Message.open(bytes, with: keys)
        }
    }

    @Test("OutgoingMessage → envelope: sealed at Status parameters and opened by a filter")
    func outgoing() throws {
        let derived = try StatusTopic.derive(.publicChat("status"))
        let key = try #require(derived.symKey)
        let message = OutgoingMessage(topic: derived.topic, payload: Array("gm".utf8), encryption: .symmetric(key), signer: Self.alice)
        let envelope = try message.envelope(now: 1_600_000_000)
        #expect(envelope.ttl == 15 && envelope.expiry == 1_600_000_015 && envelope.topic == derived.topic)
        #expect(envelope.proofOfWork() >= 0.002)
        #expect(EnvelopeAcceptance().check(envelope, now: 1_600_000_000) == nil)
        let filter = MessageFilter(topics: [derived.topic], keys: [.symmetric(key)])
        let received = try filter.open(envelope, origin: .relay(peer: [1, 2, 3]))
        #expect(received.payload == Array("gm".utf8) && received.signer == Self.alice.publicKey)
        #expect(received.envelope.hash == envelope.hash)
        #expect(throws: MessageFilterMiss.topicNotWatched(derived.topic)) {
            try MessageFilter(topics: [StatusTopic.genericDiscovery], keys: [.symmetric(key)]).open(envelope, origin: .local)
        }
        #expect(throws: MessageFilterMiss.historyNotAllowed) {
            try MessageFilter(topics: [derived.topic], keys: [.symmetric(key)], allowHistory: false).open(envelope, origin: .history(peer: [9]))
        }
        let unsigned = try OutgoingMessage(topic: derived.topic, payload: [1], encryption: .symmetric(key), signer: nil).envelope(now: 1_600_000_000)
        #expect(throws: MessageFilterMiss.unsigned) { try filter.open(unsigned, origin: .local) }
        let relaxed = MessageFilter(topics: [derived.topic], keys: [.symmetric(key)], requireSignature: false)
        #expect(try relaxed.open(unsigned, origin: .local).signer == nil)
        // Large payloads use Status's lower target.
        #expect(SealingParameters.status.powTarget(forPayloadSize: 50_001) == 0.000002)
        #expect(SealingParameters.status.powTarget(forPayloadSize: 50_000) == 0.002)
    }
}
