import Foundation
import Primitives
import Testing
@testable import Accounts

/// Runs `Tests/Interop/accounts_oracle.py` (mnemonic, bip32, eth-keys) with the Python named by
/// `PARLEY_PYTHON`. Skipped without it, unless `PARLEY_REQUIRE_INTEROP=1` (CI), which makes a missing
/// Python a failure.
enum AccountsOracle {
    static let environment = ProcessInfo.processInfo.environment

    static var python: String? {
        guard let value = environment["PARLEY_PYTHON"], !value.isEmpty else { return nil }
        return value.hasPrefix("/") ? value : FileManager.default.currentDirectoryPath + "/" + value
    }

    static var required: Bool { environment["PARLEY_REQUIRE_INTEROP"] == "1" }
    static var shouldRun: Bool { python != nil || required }

    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Interop/accounts_oracle.py")

    struct Failure: Error, CustomStringConvertible { let description: String }

    static func generate(seed: UInt64, count: Int) throws -> Cases {
        guard let python else {
            throw Failure(description: """
                PARLEY_REQUIRE_INTEROP=1 but PARLEY_PYTHON is not set: run `scripts/setup.sh --with-venv` and \
                export PARLEY_PYTHON=$PWD/.venv/bin/python
                """)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script.path, "generate", String(seed), String(count)]
        let stdout = Pipe()
        let stderrURL = FileManager.default.temporaryDirectory.appendingPathComponent("parley-accounts-oracle-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: stderrURL) }
        process.standardOutput = stdout
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        do { try process.run() } catch { throw Failure(description: "cannot start \(python) (PARLEY_PYTHON): \(error)") }
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let errors = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
            throw Failure(description: "accounts oracle exited with \(process.terminationStatus): \(errors)")
        }
        return try JSONDecoder().decode(Cases.self, from: output)
    }

    struct Cases: Decodable {
        struct MnemonicCase: Decodable { let entropy: String, phrase: String, passphrase: String, seed: String }
        struct Check: Decodable { let phrase: String, valid: Bool }
        struct BIP32Case: Decodable { let seed: String, path: String, xprv: String, xpub: String }
        struct StatusCase: Decodable { let phrase: String, chatKey: String, chatAddress: String, walletAddress: String }
        struct EthCase: Decodable { let `private`: String, pub65: String, address: String }
        let mnemonic: [MnemonicCase]
        let checks: [Check]
        let bip32: [BIP32Case]
        let status: [StatusCase]
        let eth: [EthCase]
    }
}

@Suite(.serialized) struct AccountsDifferentialTests {
    @Test(.enabled(if: AccountsOracle.shouldRun, "PARLEY_PYTHON not set; differential tests skipped"))
    func agreesWithPythonReferences() throws {
        let seed = UInt64.random(in: 0..<1_000_000)
        let cases = try AccountsOracle.generate(seed: seed, count: 40)
        let context = Comment(rawValue: "oracle seed \(seed)")

        for item in cases.mnemonic {
            let mnemonic = try Mnemonic(entropy: bytes(item.entropy))
            #expect(mnemonic.phrase == item.phrase, context)
            #expect(try Mnemonic(phrase: item.phrase).entropy() == bytes(item.entropy), context)
            #expect(Hex.encode(try mnemonic.seed(passphrase: item.passphrase)) == item.seed, "\(context) passphrase \(item.passphrase)")
        }
        for item in cases.checks {
            let accepted = (try? Mnemonic(phrase: item.phrase)) != nil
            #expect(accepted == item.valid, "\(context): \(item.phrase)")
        }
        for item in cases.bip32 {
            let key = try ExtendedKey.master(seed: bytes(item.seed)).derive(path: item.path)
            #expect(key.xprv == item.xprv, "\(context) \(item.path)")
            #expect(key.xpub == item.xpub, "\(context) \(item.path)")
        }
        for item in cases.status {
            let keys = try AccountKeys(mnemonic: Mnemonic(phrase: item.phrase))
            let chat = ChatKey(try keys.chatKey().publicKey)
            #expect(chat.statusID == item.chatKey, context)
            #expect(chat.address == item.chatAddress, context)
            #expect(try keys.walletKey(0).publicKey.checksumAddress == item.walletAddress, context)
        }
        for item in cases.eth {
            let key = try PrivateKey(rawBytes: bytes(item.private))
            #expect(Hex.encode(key.publicKey.uncompressed) == item.pub65, context)
            #expect(key.publicKey.checksumAddress == item.address, context)
        }
    }
}
