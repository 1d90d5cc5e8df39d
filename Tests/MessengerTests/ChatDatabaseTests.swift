import Foundation
import Testing
@testable import Messenger

/// The chat database on a real SQLite file: encrypted at rest, bound to its account, deduplicating.
@Suite struct ChatDatabaseTests {
    func directory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-chatdb-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func bodiesAreEncryptedAtRestAndTheWrongAccountIsRefused() async throws {
        let dir = try directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/chats.sqlite"
        let key = [UInt8](repeating: 1, count: 32), other = [UInt8](repeating: 2, count: 32)
        let secret = "meet me at the old bridge at nine"
        do {
            let db = try ChatDatabase(path: path, key: key)
            try await db.save(ChatRecord(id: "0x04ab", kind: .oneToOne))
            let record = MessageRecord(id: "0x01", chatID: "0x04ab", clock: 1, timestamp: 1, sender: "0x04ab", outgoing: false,
                                       payload: Array(secret.utf8))
            #expect(try await db.insert(record))
            #expect(try await !db.insert(record))  // the same id twice is stored once
            #expect(try await db.messages(in: "0x04ab").map(\.payload) == [Array(secret.utf8)])
        }
        // Nothing secret is in the file in clear (WAL included).
        for file in try FileManager.default.contentsOfDirectory(atPath: dir) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + file))
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(file) holds the plaintext")
        }
        #expect(throws: ChatDatabaseError.wrongAccount(path: path)) { try ChatDatabase(path: path, key: other) }
        let reopened = try ChatDatabase(path: path, key: key)  // the refusal changed nothing
        #expect(try await reopened.messageCount(in: "0x04ab") == 1)
    }
}
