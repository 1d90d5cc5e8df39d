import Foundation
import Primitives
import Testing
@testable import SecureChannel

@Suite("Bundles (wire-facts §3.2, errata #19)")
struct BundleTests {
    static func entry(_ key: [UInt8], version: UInt32, protocolVersion: UInt32 = 1) -> Encryption_SignedPreKey {
        var entry = Encryption_SignedPreKey()
        entry.signedPreKey = Data(key)
        entry.version = version
        entry.protocolVersion = protocolVersion
        return entry
    }

    @Test("TestNewBundleContainer reconstruction: utf8(id) ‖ spk33 ‖ \"0\" ‖ ascii(timestamp) recovers the identity")
    func statusGoReconstruction() throws {
        let identity = try asciiKey("0")
        let spk = PrivateKey.generate().publicKey.compressed
        var bundle = Encryption_Bundle()
        bundle.identity = Data(identity.publicKey.compressed)
        bundle.signedPreKeys["11111111-aaaa"] = Self.entry(spk, version: 0)
        bundle.timestamp = 1_600_000_000_123_456_789
        try bundle.sign(with: identity)
        let material = Array("11111111-aaaa".utf8) + spk + Array("0".utf8) + Array("1600000000123456789".utf8)
        #expect(bundle.signatureMaterial == material)
        let signature = try RecoverableSignature(bytes65: bundle.signature)
        #expect(signature.v <= 1)
        #expect(try signature.recoverPublicKey(digest: Keccak256.hash(material)) == identity.publicKey)
        #expect(try bundle.verifiedIdentity() == identity.publicKey)
    }

    @Test("TestSignBundle reconstruction: installations in Go byte order, each ‖ version; protocol_version unsigned")
    func multipleInstallations() throws {
        let identity = PrivateKey.generate()
        var bundle = Encryption_Bundle()
        bundle.identity = Data(identity.publicKey.compressed)
        let k1 = PrivateKey.generate().publicKey.compressed, k2 = PrivateKey.generate().publicKey.compressed
        let k3 = PrivateKey.generate().publicKey.compressed
        // Byte order: "Z" (0x5a) < "a" (0x61) < "é" (0xc3 0xa9); Swift's String < also puts "Z" first but
        // the test pins the byte-wise rule with a non-ASCII id.
        bundle.signedPreKeys["é"] = Self.entry(k3, version: 12, protocolVersion: 7)
        bundle.signedPreKeys["a"] = Self.entry(k2, version: 3)
        bundle.signedPreKeys["Z"] = Self.entry(k1, version: 1)
        bundle.timestamp = 42
        try bundle.sign(with: identity)
        let material = Array("Z".utf8) + k1 + Array("1".utf8) + Array("a".utf8) + k2 + Array("3".utf8)
            + Array("é".utf8) + k3 + Array("12".utf8) + Array("42".utf8)
        #expect(bundle.signatureMaterial == material)
        #expect(try bundle.verifiedIdentity() == identity.publicKey)
        // protocol_version is not signed: changing it keeps the signature valid.
        var relabelled = bundle
        relabelled.signedPreKeys["a"]?.protocolVersion = 9
        #expect(try relabelled.verifiedIdentity() == identity.publicKey)
    }

    @Test("timestamp 0 is left out of the material")
    func zeroTimestamp() throws {
        let spk = PrivateKey.generate().publicKey.compressed
        var bundle = Encryption_Bundle()
        bundle.signedPreKeys["x"] = Self.entry(spk, version: 5)
        #expect(bundle.signatureMaterial == Array("x".utf8) + spk + Array("5".utf8))
    }

    @Test("forged signatures, altered material and bad keys are rejected with a reason")
    func rejections() throws {
        let identity = PrivateKey.generate()
        var bundle = Encryption_Bundle()
        bundle.identity = Data(identity.publicKey.compressed)
        bundle.signedPreKeys["dev"] = Self.entry(PrivateKey.generate().publicKey.compressed, version: 1)
        bundle.timestamp = 1_000
        try bundle.sign(with: identity)

        var forged = bundle
        try forged.sign(with: PrivateKey.generate())
        #expect(throws: BundleError.signatureMismatch) { try forged.verifiedIdentity() }

        var altered = bundle
        altered.timestamp += 1
        #expect(throws: BundleError.signatureMismatch) { try altered.verifiedIdentity() }

        var swappedKey = bundle
        swappedKey.signedPreKeys["dev"]?.signedPreKey = Data(PrivateKey.generate().publicKey.compressed)
        #expect(throws: BundleError.signatureMismatch) { try swappedKey.verifiedIdentity() }

        var shortSignature = bundle
        shortSignature.signature = shortSignature.signature.prefix(64)
        #expect(throws: BundleError.malformedSignature(length: 64)) { try shortSignature.verifiedIdentity() }

        var uncompressed = bundle
        uncompressed.identity = Data(identity.publicKey.uncompressed)
        #expect(throws: BundleError.invalidIdentityKey(length: 65)) { try uncompressed.verifiedIdentity() }

        var badPreKey = bundle
        badPreKey.signedPreKeys["dev"]?.signedPreKey = Data("key".utf8)
        try badPreKey.sign(with: identity)
        #expect(throws: BundleError.invalidSignedPreKey(installationID: "dev", length: 3)) { try badPreKey.verifiedIdentity() }

        var reserved = bundle
        reserved.signedPreKeys["none"] = Self.entry(PrivateKey.generate().publicKey.compressed, version: 1)
        try reserved.sign(with: identity)
        #expect(throws: BundleError.invalidInstallationID("none")) { try reserved.verifiedIdentity() }

        var empty = Encryption_Bundle()
        empty.identity = Data(identity.publicKey.compressed)
        try empty.sign(with: identity)
        #expect(throws: BundleError.noSignedPreKeys) { try empty.verifiedIdentity() }
        #expect(!BundleError.signatureMismatch.description.isEmpty)
    }
}
