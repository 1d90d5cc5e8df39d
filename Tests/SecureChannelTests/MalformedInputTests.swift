import Foundation
import Primitives
import Testing
@testable import SecureChannel

@Suite("Malformed input never traps and never changes state")
struct MalformedInputTests {
    static func randomBytes(_ count: Int, _ rng: inout SeededGenerator) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }

    /// Alice → Bob with Bob's bundle known: the first message carries X3DH + DR.
    static func setUp() async throws -> (alice: Account, bob: Account, a: EncryptionProtocol, b: EncryptionProtocol) {
        let alice = Account(), bob = Account()
        let a = try alice.device("alice-1"), b = try bob.device("bob-1")
        try await a.receiveBundle(try await b.bundle())
        return (alice, bob, a, b)
    }

    @Test("random bytes as a serialized ProtocolMessage, Bundle and DirectMessageProtocol")
    func randomBytes() async throws {
        let (alice, _, _, b) = try await Self.setUp()
        var rng = SeededGenerator(seed: 1)
        for round in 0..<3_000 {
            let bytes = Self.randomBytes(Int.random(in: 0...(round % 10 == 0 ? 600 : 80), using: &rng), &rng)
            do {
                _ = try await b.decrypt(serialized: bytes, from: alice.identity)
                Issue.record("random bytes decrypted")
            } catch {
                #expect(!error.description.isEmpty)
            }
            if let bundle = try? Encryption_Bundle(serializedBytes: bytes) { _ = try? bundle.verifiedIdentity() }
            if let entry = try? Encryption_DirectMessageProtocol(serializedBytes: bytes) {
                _ = try? DHFallback.decrypt(entry, identity: alice.key)
            }
        }
    }

    @Test("every truncation and random byte flips of a valid X3DH message: typed errors, never garbage")
    func truncationsAndFlips() async throws {
        let (alice, bob, a, b) = try await Self.setUp()
        let message = try await a.encrypt(Array(text: "intact"), to: bob.identity)
        let bytes = Array(try message.message.serializedData())
        for length in 0..<bytes.count {
            do {
                _ = try await b.decrypt(serialized: Array(bytes.prefix(length)), from: alice.identity)
                Issue.record("a truncation of \(length) bytes decrypted")
            } catch {
                #expect(!error.description.isEmpty)
            }
        }
        #expect(try await b.decrypt(serialized: bytes, from: alice.identity).payload == Array(text: "intact"))
        // Flips: a typed error, or — where the flip hit a field the ratchet does not authenticate (the sender's
        // installation id or protocol_version; the envelope signature covers those on the wire) — the intact
        // payload. Never a trap, never garbage.
        var rng = SeededGenerator(seed: 2)
        for _ in 0..<500 {
            var mutated = bytes
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                mutated[Int.random(in: 0..<mutated.count, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng)
            }
            do {
                let read = try await b.decrypt(serialized: mutated, from: alice.identity)
                #expect(read.payload == Array(text: "intact"))
            } catch {
                #expect(!error.description.isEmpty)
            }
        }
        // The session is intact: the next message decrypts.
        let next = try await a.encrypt(Array(text: "next"), to: bob.identity)
        #expect(try await b.decrypt(next.message, from: alice.identity).payload == Array(text: "next"))
    }

    @Test("wrong key lengths in DR, X3DH and DH headers are typed errors")
    func headerLengths() async throws {
        let (alice, bob, a, b) = try await Self.setUp()
        let good = try await a.encrypt(Array(text: "x"), to: bob.identity).message
        let entry = try #require(good.directMessage["bob-1"])
        func variant(_ change: (inout Encryption_DirectMessageProtocol) -> Void) -> Encryption_ProtocolMessage {
            var message = good
            var copy = entry
            change(&copy)
            message.directMessage["bob-1"] = copy
            return message
        }
        let cases: [(Encryption_ProtocolMessage, EncryptionProtocolError)] = [
            (variant { $0.drHeader.key = $0.drHeader.key.prefix(32) }, .ratchet(.invalidRatchetKey(length: 32))),
            (variant { $0.drHeader.key = Data(repeating: 0x05, count: 33) }, .ratchet(.invalidRatchetKey(length: 33))),
            (variant { $0.drHeader.key = Data(PrivateKey.generate().publicKey.uncompressed) }, .ratchet(.invalidRatchetKey(length: 65))),
            (variant { $0.x3DhHeader.key = $0.x3DhHeader.key.prefix(20) }, .x3dh(.invalidHeaderKey(field: "key", length: 20))),
            (variant { $0.x3DhHeader.id = Data(); $0.drHeader.id = Data() }, .x3dh(.unknownSignedPreKey)),
            (variant { $0.x3DhHeader.id = Data(repeating: 1, count: 33) }, .malformedMessage("X3DH header and DR header name different bundles")),
            (variant { $0.payload = $0.payload.prefix(47) }, .ratchet(.ciphertextTooShort(47))),
            (variant { $0.payload = Data() }, .ratchet(.ciphertextTooShort(0))),
            (variant { $0.clearDrHeader(); $0.clearX3DhHeader() }, .noKeyMaterial),
            (variant { $0.clearDrHeader(); $0.dhHeader.key = Data([2, 3]) }, .fallback(.invalidEphemeralKey(length: 2))),
        ]
        for (message, expected) in cases {
            await #expect(throws: expected) { try await b.decrypt(message, from: alice.identity) }
        }
        #expect(try await b.decrypt(good, from: alice.identity).payload == Array(text: "x"))
    }

    @Test("random headers and ciphertexts against an established ratchet session leave it unchanged")
    func randomRatchetMessages() throws {
        var rng = SeededGenerator(seed: 3)
        let spk = PrivateKey.generate(), sk = SecureRandom.bytes(32)
        var alice = RatchetSession(state: try .initiator(sharedKey: sk, remoteSignedPreKey: spk.publicKey))
        var bob = RatchetSession(state: try .responder(sharedKey: sk, signedPreKey: spk))
        let first = try alice.encrypt(Array(text: "one"))
        _ = try bob.decrypt(first)
        let snapshot = bob.state
        for _ in 0..<300 {
            let key = Bool.random(using: &rng) ? first.header.ratchetKey : PrivateKey.generate().publicKey.compressed
            guard let header = try? RatchetHeader(ratchetKey: key, n: UInt32.random(in: 0...1_200, using: &rng),
                                                  pn: UInt32.random(in: 0...1_200, using: &rng)) else { continue }
            let ciphertext = Self.randomBytes(Int.random(in: 0...120, using: &rng), &rng)
            #expect(throws: RatchetError.self) { try bob.decrypt(RatchetMessage(header: header, ciphertext: ciphertext)) }
        }
        #expect(bob.state == snapshot && bob.skippedKeys.isEmpty)
        #expect(try bob.decrypt(try alice.encrypt(Array(text: "two"))) == Array(text: "two"))
    }
}
