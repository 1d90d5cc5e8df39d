import Crypto
import Foundation
import Primitives
import Testing
@testable import SecureChannel

@Suite("\"none\" DH fallback (wire-facts §3.5, §0.5)")
struct FallbackTests {
    @Test("round trip; key = ECDH_x(ephemeral, IK_B); layout ct ‖ tag ‖ nonce12 (opened with plain AES-GCM)")
    func roundTripAndLayout() throws {
        let recipient = PrivateKey.generate(), ephemeral = PrivateKey.generate()
        let payload = Array(text: "pairing payload")
        let entry = try DHFallback.encrypt(payload, to: recipient.publicKey, ephemeral: ephemeral)
        #expect(Array(entry.dhHeader.key) == ephemeral.publicKey.compressed)
        #expect(!entry.hasDrHeader && !entry.hasX3DhHeader)
        #expect(entry.payload.count == payload.count + 28)
        #expect(try DHFallback.decrypt(entry, identity: recipient) == payload)

        let sealed = Array(entry.payload)
        let key = SymmetricKey(data: try ephemeral.sharedSecretX(with: recipient.publicKey))
        let box = try AES.GCM.SealedBox(nonce: AES.GCM.Nonce(data: sealed.suffix(12)),
                                        ciphertext: sealed.prefix(payload.count), tag: sealed[payload.count..<(payload.count + 16)])
        #expect(Array(try AES.GCM.open(box, using: key)) == payload)
    }

    @Test("empty payloads (bundle re-advertisement) work; other identities and tampering fail")
    func edges() throws {
        let recipient = PrivateKey.generate()
        let empty = try DHFallback.encrypt([], to: recipient.publicKey)
        #expect(try DHFallback.decrypt(empty, identity: recipient) == [])
        let entry = try DHFallback.encrypt(Array(text: "x"), to: recipient.publicKey)
        #expect(throws: DHFallbackError.authenticationFailed) { try DHFallback.decrypt(entry, identity: PrivateKey.generate()) }
        var tampered = entry
        tampered.payload[0] ^= 1
        #expect(throws: DHFallbackError.authenticationFailed) { try DHFallback.decrypt(tampered, identity: recipient) }
        var short = entry
        short.payload = short.payload.prefix(27)
        #expect(throws: DHFallbackError.tooShort(27)) { try DHFallback.decrypt(short, identity: recipient) }
        var badKey = entry
        badKey.dhHeader.key = Data(recipient.publicKey.uncompressed)
        #expect(throws: DHFallbackError.invalidEphemeralKey(length: 65)) { try DHFallback.decrypt(badKey, identity: recipient) }
    }

    @Test("EncryptionProtocol fallback message: readable by every device of the recipient")
    func protocolFallback() async throws {
        let alice = Account(), bob = Account()
        let a = try alice.device("alice-1")
        let message = try await a.encryptWithFallback(Array(text: "any device"), to: bob.identity)
        #expect(message.directMessage.keys.sorted() == ["none"] && message.bundles.count == 1)
        for id in ["bob-1", "bob-2"] {
            let read = try await bob.device(id).decrypt(message, from: alice.identity)
            #expect(read.kind == .fallback && read.payload == Array(text: "any device"))
            #expect(read.sharedSecret != nil)
        }
    }
}
