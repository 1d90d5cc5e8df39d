import Foundation
import Primitives
import Testing
@testable import SecureChannel

@Suite("X3DH (wire-facts §3.3)")
struct X3DHTests {
    static let expected = "a4e923d0af8fe78a056363be20e71c0a58e569ea8fc1f79289eca10d9f68133a"

    @Test("status-go x3dh_test.go vector: ASCII keys \"0\"…\"3\" → SK a4e923d0…133a (initiator and responder)")
    func publishedVector() throws {
        let aliceIdentity = try asciiKey("0"), aliceEphemeral = try asciiKey("1")
        let bobIdentity = try asciiKey("2"), bobSignedPreKey = try asciiKey("3")
        #expect(aliceIdentity.rawBytes == Array(repeating: 0x30, count: 32))
        let active = try X3DH.initiatorSecret(myIdentity: aliceIdentity, myEphemeral: aliceEphemeral,
                                              theirIdentity: bobIdentity.publicKey, theirSignedPreKey: bobSignedPreKey.publicKey)
        let passive = try X3DH.responderSecret(mySignedPreKey: bobSignedPreKey, myIdentity: bobIdentity,
                                               theirIdentity: aliceIdentity.publicKey, theirEphemeral: aliceEphemeral.publicKey)
        #expect(Hex.encode(active) == Self.expected)
        #expect(Hex.encode(passive) == Self.expected)
    }

    @Test("SK is keccak256(DH1 ‖ DH2 ‖ DH3) of raw-X ECDH, not HKDF")
    func construction() throws {
        let a = PrivateKey.generate(), e = PrivateKey.generate(), b = PrivateKey.generate(), s = PrivateKey.generate()
        let dh = try a.sharedSecretX(with: s.publicKey) + e.sharedSecretX(with: b.publicKey) + e.sharedSecretX(with: s.publicKey)
        #expect(try X3DH.initiatorSecret(myIdentity: a, myEphemeral: e, theirIdentity: b.publicKey,
                                         theirSignedPreKey: s.publicKey) == Keccak256.hash(dh))
    }

    @Test("initiate: header carries pub33(EK_A) and pub33(SPK_B); both sides agree")
    func initiation() throws {
        let alice = PrivateKey.generate(), bob = PrivateKey.generate(), spk = PrivateKey.generate()
        let initiation = try X3DH.initiate(myIdentity: alice, theirIdentity: bob.publicKey, theirSignedPreKey: spk.publicKey)
        #expect(Array(initiation.header.key) == initiation.ephemeralKey.publicKey.compressed)
        #expect(Array(initiation.header.id) == spk.publicKey.compressed)
        let responder = try X3DH.responderSecret(mySignedPreKey: spk, myIdentity: bob, theirIdentity: alice.publicKey,
                                                 theirEphemeral: try PublicKey(bytes: initiation.header.key))
        #expect(responder == initiation.sharedKey)
        // A different identity gets a different secret.
        let mallory = PrivateKey.generate()
        let wrong = try X3DH.responderSecret(mySignedPreKey: spk, myIdentity: bob, theirIdentity: mallory.publicKey,
                                             theirEphemeral: try PublicKey(bytes: initiation.header.key))
        #expect(wrong != initiation.sharedKey)
    }
}
