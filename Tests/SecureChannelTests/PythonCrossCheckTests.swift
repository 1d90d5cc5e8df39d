import Foundation
import Primitives
import Testing
@testable import SecureChannel

/// Runs an inline Python script (hashlib/hmac for HKDF and the chain, `cryptography` for AES) against values
/// computed here. The ratchet has no published vector, so this is an independent implementation of §3.4.
/// Skipped (with the reason) when no Python is found (`PARLEY_PYTHON`, else `<repo>/.venv/bin/python`) or it
/// lacks `cryptography` — unless `PARLEY_REQUIRE_INTEROP=1` (the test script), which makes either a failure.
enum PythonOracle {
    static var required: Bool { ProcessInfo.processInfo.environment["PARLEY_REQUIRE_INTEROP"] == "1" }

    static let python: String? = {
        if let configured = ProcessInfo.processInfo.environment["PARLEY_PYTHON"], !configured.isEmpty {
            return configured
        }
        let venv = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : nil
    }()

    static var available: Bool { python != nil }
    static var shouldRun: Bool { available || required }

    static let script = #"""
    import sys, json, hmac, hashlib
    try:
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    except ImportError:
        print(json.dumps({"skip": True})); sys.exit(0)
    def hkdf(ikm, salt, info, n):
        prk = hmac.new(salt, ikm, hashlib.sha256).digest()
        out, t, i = b"", b"", 1
        while len(out) < n:
            t = hmac.new(prk, t + info + bytes([i]), hashlib.sha256).digest(); out += t; i += 1
        return out[:n]
    a = {k: bytes.fromhex(v) for k, v in json.loads(sys.argv[1]).items()}
    root = hkdf(a["dh"], a["rk"], b"rsZUpEuXUqqwXBvSy3EcievAh4cMj6QL", 96)
    ck, mks = a["ck"], []
    for _ in range(3):
        mks.append(hmac.new(ck, b"\x10", hashlib.sha256).digest())
        ck = hmac.new(ck, b"\x0f", hashlib.sha256).digest()
    keys = hkdf(mks[0], b"\x00" * 32, b"pcwSByyx2CRdryCffXJwy7xgVZWtW5Sh", 80)
    enc, auth, iv = keys[:32], keys[32:64], keys[64:80]
    e = Cipher(algorithms.AES(enc), modes.CTR(iv)).encryptor()
    body = iv + e.update(a["pt"]) + e.finalize()
    sealed = body + hmac.new(auth, a["ad"] + body, hashlib.sha256).digest()
    g = a["gcm"]
    fallback = AESGCM(a["gcmkey"]).decrypt(g[-12:], g[:-12], None)
    print(json.dumps({"root": root[:32].hex(), "chain": root[32:64].hex(), "ck3": ck.hex(),
                      "mks": [m.hex() for m in mks], "sealed": sealed.hex(), "fallback": fallback.hex()}))
    """#

    struct Failure: Error, CustomStringConvertible { let description: String }

    /// Runs the script with JSON `arguments`; `nil` when Python lacks `cryptography` (a failure when required).
    static func run(_ arguments: [String: String]) throws -> [String: Any]? {
        guard let python else {
            throw Failure(description: "PARLEY_REQUIRE_INTEROP=1 but no Python: set PARLEY_PYTHON or run `scripts/setup.sh --with-venv`")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        let json = String(decoding: try JSONSerialization.data(withJSONObject: arguments), as: UTF8.self)
        process.arguments = ["-c", script, json]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failure(description: "python failed: \(errorText)") }
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Failure(description: "python printed no JSON object")
        }
        if object["skip"] as? Bool == true {
            if required { throw Failure(description: "PARLEY_REQUIRE_INTEROP=1 but \(python) lacks the `cryptography` package") }
            return nil
        }
        return object
    }
}

@Suite("Cross-check against Python hashlib/hmac + cryptography")
struct PythonCrossCheckTests {
    @Test("KDF_RK, KDF_CK chain, message keys, AES-256-CTR + HMAC and the fallback's AES-GCM layout",
          .enabled(if: PythonOracle.shouldRun, "no Python found (PARLEY_PYTHON or .venv); run scripts/setup.sh --with-venv"))
    func crossCheck() throws {
        var generator = SeededGenerator(seed: 0x5EC0_2E)
        func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) } }
        let rk = bytes(32), dh = bytes(32), ck = bytes(32), plaintext = bytes(77)
        let header = try RatchetHeader(ratchetKey: PrivateKey.generate().publicKey.compressed, n: 3, pn: 9)
        let recipient = PrivateKey.generate(), ephemeral = PrivateKey.generate()
        let fallback = try DHFallback.encrypt(Array(text: "fallback payload"), to: recipient.publicKey, ephemeral: ephemeral)
        let gcmKey = try ephemeral.sharedSecretX(with: recipient.publicKey)

        guard let python = try PythonOracle.run([
            "rk": Hex.encode(rk), "dh": Hex.encode(dh), "ck": Hex.encode(ck), "pt": Hex.encode(plaintext),
            "ad": Hex.encode(header.encoded), "gcm": Hex.encode(fallback.payload), "gcmkey": Hex.encode(gcmKey),
        ]) else {
            try Test.cancel("Python at \(PythonOracle.python ?? "?") lacks `cryptography`: nothing to compare against")
        }
        let root = RatchetKDF.rootStep(rootKey: rk, dhOutput: dh)
        #expect(Hex.encode(root.rootKey) == python["root"] as? String)
        #expect(Hex.encode(root.chainKey) == python["chain"] as? String)
        var chain = RatchetChain(key: ck, count: 0)
        let messageKeys = (0..<3).map { _ in Hex.encode(chain.step()) }
        #expect(messageKeys == python["mks"] as? [String])
        #expect(Hex.encode(chain.key) == python["ck3"] as? String)
        #expect(chain.count == 3)
        let sealed = try RatchetCipher.seal(messageKey: try Hex.decode(messageKeys[0]), plaintext: plaintext,
                                            associatedData: header.encoded)
        #expect(Hex.encode(sealed) == python["sealed"] as? String)
        #expect(python["fallback"] as? String == Hex.encode(Array(text: "fallback payload")))
    }
}
