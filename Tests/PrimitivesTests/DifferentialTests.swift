import Foundation
import Primitives
import Testing

/// Runs `Tests/Interop/primitives_oracle.py` with the Python named by `PARLEY_PYTHON`.
///
/// Without `PARLEY_PYTHON` the differential tests are skipped — unless `PARLEY_REQUIRE_INTEROP=1`
/// (CI), in which case they fail with a message saying how to provide it.
enum Oracle {
    static let environment = ProcessInfo.processInfo.environment

    static var python: String? {
        guard let value = environment["PARLEY_PYTHON"], !value.isEmpty else { return nil }
        return value.hasPrefix("/") ? value : FileManager.default.currentDirectoryPath + "/" + value
    }

    static var required: Bool { environment["PARLEY_REQUIRE_INTEROP"] == "1" }

    /// Run when Python is configured, or when interop is required (then a missing Python fails).
    static var shouldRun: Bool { python != nil || required }

    static let missingPythonMessage: Comment = """
        PARLEY_REQUIRE_INTEROP=1 but PARLEY_PYTHON is not set: create the venv with \
        `scripts/setup.sh --with-venv` (or `python3 -m venv .venv && .venv/bin/pip install -r Tests/Interop/requirements.txt`) \
        and export PARLEY_PYTHON=$PWD/.venv/bin/python
        """

    /// `<repo>/Tests/Interop/primitives_oracle.py`, found from this file's path.
    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // PrimitivesTests
        .deletingLastPathComponent()   // Tests
        .appendingPathComponent("Interop/primitives_oracle.py")

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs the oracle with `arguments` and returns its stdout.
    static func run(_ python: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script.path] + arguments
        let stdout = Pipe()
        let stderrURL = FileManager.default.temporaryDirectory.appendingPathComponent("parley-oracle-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: stderrURL) }
        process.standardOutput = stdout
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        do {
            try process.run()
        } catch {
            throw Failure(description: "cannot start \(python) (PARLEY_PYTHON): \(error)")
        }
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let errors = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
            throw Failure(description: "oracle \(arguments.joined(separator: " ")) exited with \(process.terminationStatus): \(errors)")
        }
        return output
    }
}

/// An RLP tree as the oracle writes it: a hex string is a byte string, an array is a list.
indirect enum OracleTree: Decodable {
    case bytes(String)
    case list([OracleTree])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .bytes(text)
        } else {
            self = .list(try container.decode([OracleTree].self))
        }
    }

    func item() throws -> RLPItem {
        switch self {
        case .bytes(let text): return .bytes(try Hex.decode(text))
        case .list(let children): return .list(try children.map { try $0.item() })
        }
    }

    /// The JSON form of `item` for the oracle's verify mode.
    static func json(_ item: RLPItem) -> Any {
        switch item {
        case .bytes(let bytes): return Hex.encode(bytes)
        case .list(let items): return items.map(json)
        }
    }
}

struct OracleCases: Decodable {
    struct Keccak: Decodable { let input: String; let digest: String }
    struct RLPCase: Decodable { let tree: OracleTree; let encoded: String }
    struct RLPDecode: Decodable { let input: String; let decoded: OracleTree? }
    struct Secp: Decodable {
        let `private`: String, digest: String, signature: String
        let pub65: String, pub33: String, peer_pub65: String, ecdh_x: String
    }
    struct SnappyCase: Decodable { let input: String; let compressed: String }

    let seed: UInt64
    let keccak: [Keccak]
    let rlp: [RLPCase]
    let rlp_decode: [RLPDecode]
    let secp256k1: [Secp]
    let snappy: [SnappyCase]
}

@Suite(.serialized) struct DifferentialTests {
    @Test func interopConfiguredWhenRequired() throws {
        if Oracle.required {
            #expect(Oracle.python != nil, Oracle.missingPythonMessage)
        }
    }

    /// Python reference libraries produce answers; Primitives must match them byte for byte.
    @Test(.enabled(if: Oracle.shouldRun, "PARLEY_PYTHON not set; differential tests skipped"))
    func matchesReferenceAnswers() throws {
        guard let python = Oracle.python else {
            Issue.record(Oracle.missingPythonMessage)
            return
        }
        let seed = UInt64.random(in: 1...UInt64(UInt32.max))
        let context: Comment = "oracle seed \(seed) (replay: \(Oracle.script.path) generate \(seed) 120)"
        let output = try Oracle.run(python, ["generate", String(seed), "120"])
        let cases = try JSONDecoder().decode(OracleCases.self, from: output)
        #expect(cases.seed == seed)

        for c in cases.keccak {
            #expect(Hex.encode(Keccak256.hash(try Hex.decode(c.input))) == c.digest, "keccak \(c.input.prefix(40))… \(context)")
        }

        for c in cases.rlp {
            let item = try c.tree.item()
            #expect(Hex.encode(RLP.encode(item)) == c.encoded, "rlp encode \(context)")
            #expect(try RLP.decode(Hex.decode(c.encoded)) == item, "rlp decode \(c.encoded.prefix(40))… \(context)")
        }

        for c in cases.rlp_decode {
            let ours = try? RLP.decode(Hex.decode(c.input))
            let theirs = try c.decoded?.item()
            #expect(ours == theirs, "strict RLP acceptance differs from pyrlp for \(c.input): ours \(String(describing: ours)), pyrlp \(String(describing: theirs)) — \(context)")
        }

        for c in cases.secp256k1 {
            let key = try PrivateKey(rawBytes: Hex.decode(c.private))
            let digest = try Hex.decode(c.digest)
            #expect(Hex.encode(key.publicKey.uncompressed) == c.pub65, "pub65 \(context)")
            #expect(Hex.encode(key.publicKey.compressed) == c.pub33, "pub33 \(context)")
            #expect(Hex.encode(try key.signRecoverable(digest: digest).bytes) == c.signature, "RFC 6979 signature for key \(c.private) \(context)")
            let theirs = try RecoverableSignature(bytes65: Hex.decode(c.signature))
            #expect(try theirs.recoverPublicKey(digest: digest) == key.publicKey, "recover \(context)")
            let peer = try PublicKey(bytes: Hex.decode(c.peer_pub65))
            #expect(Hex.encode(try key.sharedSecretX(with: peer)) == c.ecdh_x, "ECDH_x \(context)")
        }

        for c in cases.snappy {
            #expect(Hex.encode(try Snappy.decompress(Hex.decode(c.compressed))) == c.input, "snappy \(context)")
        }
    }

    /// Primitives produces encodings and signatures; the Python references must accept them.
    @Test(.enabled(if: Oracle.shouldRun, "PARLEY_PYTHON not set; differential tests skipped"))
    func referenceLibrariesAcceptOurOutputs() throws {
        guard let python = Oracle.python else {
            Issue.record(Oracle.missingPythonMessage)
            return
        }
        let seed = UInt64.random(in: 1...UInt64(UInt32.max))
        var rng = SeededGenerator(seed: seed)
        var rlpCases: [[String: Any]] = []
        var snappyCases: [[String: Any]] = []
        var recoverable: [[String: Any]] = []
        var compact: [[String: Any]] = []
        var keccak: [[String: Any]] = []
        for i in 0..<100 {
            let item = RLPRandomTests.randomItem(&rng)
            rlpCases.append(["tree": OracleTree.json(item), "encoded": Hex.encode(RLP.encode(item))])

            let plain = i % 2 == 0 ? rng.bytes(Int.random(in: 0..<2000, using: &rng))
                                   : [UInt8](repeating: UInt8(i), count: Int.random(in: 0..<5000, using: &rng)) + rng.bytes(10)
            snappyCases.append(["input": Hex.encode(plain), "compressed": Hex.encode(Snappy.compress(plain))])

            let key = PrivateKey.generate()
            let digest = rng.bytes(32)
            recoverable.append(["digest": Hex.encode(digest), "signature": Hex.encode(try key.signRecoverable(digest: digest).bytes),
                                "pub65": Hex.encode(key.publicKey.uncompressed)])
            compact.append(["digest": Hex.encode(digest), "signature": Hex.encode(try key.signCompact(digest: digest)),
                            "pub33": Hex.encode(key.publicKey.compressed)])
            let data = rng.bytes(Int.random(in: 0..<400, using: &rng))
            keccak.append(["input": Hex.encode(data), "digest": Hex.encode(Keccak256.hash(data))])
        }
        let document: [String: Any] = ["rlp": rlpCases, "snappy": snappyCases, "recoverable": recoverable, "compact": compact, "keccak": keccak]
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("parley-primitives-\(seed)-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: document).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }

        let report = try JSONSerialization.jsonObject(with: Oracle.run(python, ["verify", file.path])) as? [String: Any]
        let checked = report?["checked"] as? Int
        let failures = report?["failures"] as? [Any] ?? ["unreadable report"]
        #expect(checked == 500, "swift seed \(seed)")
        #expect(failures.isEmpty, "reference libraries rejected our output (swift seed \(seed)): \(failures.prefix(5))")
    }
}
