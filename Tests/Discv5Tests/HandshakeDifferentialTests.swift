import Discv5
import Foundation
import Primitives
import Testing

/// The handshake key schedule against Python's `cryptography` + `coincurve` (Tests/Interop/discv5_oracle.py),
/// run with the Python named by `PARLEY_PYTHON`. Skipped loudly without it; under `PARLEY_REQUIRE_INTEROP=1`
/// a missing Python fails.
@Suite struct HandshakeDifferentialTests {
    static let environment = ProcessInfo.processInfo.environment
    static var python: String? {
        guard let value = environment["PARLEY_PYTHON"], !value.isEmpty else { return nil }
        return value.hasPrefix("/") ? value : FileManager.default.currentDirectoryPath + "/" + value
    }
    static var required: Bool { environment["PARLEY_REQUIRE_INTEROP"] == "1" }
    static var shouldRun: Bool { python != nil || required }
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Interop/discv5_oracle.py")

    @Test func interopConfiguredWhenRequired() {
        if Self.required {
            #expect(Self.python != nil, "PARLEY_REQUIRE_INTEROP=1 but PARLEY_PYTHON is not set: run scripts/setup.sh --with-venv and export PARLEY_PYTHON=$PWD/.venv/bin/python")
        }
    }

    @Test(.enabled(if: shouldRun, "PARLEY_PYTHON not set; discv5 differential test skipped"))
    func keyScheduleMatchesPython() throws {
        let python = try #require(Self.python, "PARLEY_PYTHON is not set")
        let seed = UInt32.random(in: 1...1_000_000)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Self.script.path, "generate", "\(seed)", "40"]
        let stdout = Pipe()
        process.standardOutput = stdout
        try process.run()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "oracle failed (seed \(seed))")
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let cases = try #require(json["cases"] as? [[String: String]])
        #expect(cases.count == 40)
        for c in cases {
            func h(_ key: String) -> [UInt8] { hex(c[key] ?? "") }
            let a = try PrivateKey(rawBytes: h("static_a")), b = try PrivateKey(rawBytes: h("static_b"))
            let eph = try PrivateKey(rawBytes: h("ephemeral"))
            let secret = try HandshakeCrypto.sharedSecret(eph, b.publicKey)
            #expect(secret == h("secret"), "seed \(seed)")
            // Both sides agree: B computes the same secret from the ephemeral public key.
            #expect(try HandshakeCrypto.sharedSecret(b, eph.publicKey) == secret)
            let keys = HandshakeCrypto.deriveKeys(secret: secret, initiatorID: a.publicKey.nodeID, recipientID: b.publicKey.nodeID,
                                                  challengeData: h("challenge"))
            #expect(keys.initiatorKey == h("initiator_key") && keys.recipientKey == h("recipient_key"), "seed \(seed)")
            #expect(eph.publicKey.compressed == h("eph_pub"))
            let signature = try HandshakeCrypto.signIDNonce(a, challengeData: h("challenge"), ephemeralKey: h("eph_pub"),
                                                            recipientID: b.publicKey.nodeID)
            #expect(signature == h("id_signature"), "seed \(seed)")
            let sealed = try MessageCipher.seal(key: keys.initiatorKey, nonce: h("nonce"), plaintext: h("plaintext"), authenticatedData: h("ad"))
            #expect(sealed == h("sealed"), "seed \(seed)")
        }
    }
}
