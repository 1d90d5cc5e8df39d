import Accounts
import Foundation
import Kernel
import LocalNetwork
import Messenger
import Primitives
import Testing
import TestKit
import WakuStore

/// Nothing in clear at rest (issue 19 item 4): after a conversation — including a 1:1 message still
/// unacknowledged because the recipient is offline — no file under a chat node's data directory holds a
/// message text, the recovery phrase, or the account's private keys (raw or hex); files are 0600 and
/// directories 0700.
@Suite(.serialized) struct AtRestScanTests {
    let network = LocalNetwork(root: FileManager.default.temporaryDirectory.appendingPathComponent("parley-scan-\(UUID().uuidString)").path,
                               profiles: ConversationTests.profiles)
    let quick = ["send.pow=0.00001", "history.timeout-seconds=3"]

    /// Every needle found in any file under `directory`, as "file: needle".
    static func scan(_ directory: String, for needles: [(name: String, bytes: [UInt8])]) throws -> [String] {
        var found: [String] = []
        let enumerator = try #require(FileManager.default.enumerator(atPath: directory))
        while let relative = enumerator.nextObject() as? String {
            let path = (directory as NSString).appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                  let data = FileManager.default.contents(atPath: path) else { continue }
            for needle in needles where data.range(of: Data(needle.bytes)) != nil { found.append("\(relative): \(needle.name)") }
        }
        return found
    }

    /// Files or directories under `directory` with a mode other than 0600 / 0700 (the harness's profile excepted).
    static func wideModes(_ directory: String) throws -> [String] {
        var wrong: [String] = []
        var paths = [directory]
        let enumerator = try #require(FileManager.default.enumerator(atPath: directory))
        while let relative = enumerator.nextObject() as? String { paths.append((directory as NSString).appendingPathComponent(relative)) }
        for path in paths where !path.hasSuffix(".yaml") {
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }   // a -wal or -shm gone meanwhile
            let mode = info.st_mode & 0o777, kind = info.st_mode & S_IFMT
            if kind == S_IFDIR, mode != 0o700 { wrong.append("\(path): \(String(mode, radix: 8))") }
            if kind == S_IFREG, mode != 0o600 { wrong.append("\(path): \(String(mode, radix: 8))") }
        }
        return wrong
    }

    static func needles(texts: [String], accounts: [LocalAccount]) -> [(name: String, bytes: [UInt8])] {
        var needles = texts.map { (name: "text \"\($0)\"", bytes: Array($0.utf8)) }
        for (index, entry) in accounts.enumerated() {
            let chatKey = entry.keys.identity.rawBytes, databaseKey = entry.keys.databaseKey
            needles += [
                ("phrase \(index)", Array(entry.phrase.utf8)),
                ("chat key \(index) (raw)", chatKey), ("database key \(index) (raw)", databaseKey),
                ("chat key \(index) (hex)", Array(Hex.encode(chatKey).utf8)),
                ("chat key \(index) (HEX)", Array(Hex.encode(chatKey).uppercased().utf8)),
                ("database key \(index) (hex)", Array(Hex.encode(databaseKey).utf8)),
            ]
        }
        return needles
    }

    @Test(.timeLimit(.minutes(3))) func aChatNodeKeepsNothingInClear() async throws {
        defer { try? FileManager.default.removeItem(atPath: network.root) }
        // LocalNetwork keeps each account in its node's keystore, as `parley account import` would.
        let alice = try LocalAccount.generate(), bob = try LocalAccount.generate()
        let full = try await network.start("full", role: "full", extra: quick)
        let enode = try await LocalNetwork.enode(of: full)
        let a = try await network.start("alice", role: "light", bootstrap: enode, account: alice, extra: quick)
        let b = try await network.start("bob", role: "light", bootstrap: enode, account: bob, extra: quick)
        for node in [a, b] { try await node.waitForWaku(with: full) }
        let am = try await a.messenger(), bm = try await b.messenger()
        let archive = try #require(try full.archive())
        try await eventually("both contact codes are archived", timeout: .seconds(20)) { (try? await archive.count()) ?? 0 >= 2 }
        try await am.addContact(bob.identity.publicKey)

        let texts = ["zebra-crossing at dawn 7Q", "quartz lantern reply 3X", "public saffron kettle 9K", "unacked mulberry ghost 5V"]
        try await am.sendText(texts[0], to: .oneToOne(bob.identity.publicKey))
        let aliceChat = bm.chatID(with: alice.identity.publicKey), bobChat = am.chatID(with: bob.identity.publicKey)
        try await eventually("the first message arrives") { (try? await bm.messages(in: aliceChat).contains { $0.text == texts[0] }) ?? false }
        try await bm.sendText(texts[1], to: .oneToOne(alice.identity.publicKey))
        try await eventually("the reply arrives") { (try? await am.messages(in: bobChat).contains { $0.text == texts[1] }) ?? false }
        for messenger in [am, bm] { try await messenger.joinPublicChat("parley-scan") }
        try await am.sendText(texts[2], to: .publicChat("parley-scan"))
        try await eventually("the public message arrives") {
            (try? await bm.messages(in: "parley-scan").contains { $0.text == texts[2] }) ?? false
        }
        // Bob goes away: Alice's next 1:1 message stays unacknowledged in her MVDS state.
        await b.stop()
        try await am.sendText(texts[3], to: .oneToOne(bob.identity.publicKey))

        let needles = Self.needles(texts: texts, accounts: [alice, bob])
        let aliceDirectory = (network.root as NSString).appendingPathComponent("alice")
        let bobDirectory = (network.root as NSString).appendingPathComponent("bob")
        #expect(try Self.scan(aliceDirectory, for: needles) == [], "Alice's files while running")
        await a.stop()
        await full.stop()
        for directory in [aliceDirectory, bobDirectory] {
            #expect(try Self.scan(directory, for: needles) == [], "\(directory) after stopping")
            #expect(try Self.wideModes(directory) == [])
        }
    }
}
