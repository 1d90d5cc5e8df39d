import ChatPayloads
import Foundation
import Primitives
import WakuCore

/// Contacts and public chats.
extension Messenger {
    /// Adds a contact and its 1:1 chat, listens on its contact-code and negotiated topics, and fetches
    /// its latest contact code (bundle) from store peers so the first message can use X3DH.
    public func addContact(_ key: PublicKey) async throws {
        let id = ChatID.oneToOne(key)
        try await database.addContact(id, at: nowSeconds)
        if try await database.chat(id) == nil { try await database.save(ChatRecord(id: id, kind: .oneToOne)) }
        try await listenToContact(key)
        trace("contact", "added contact \(id.prefix(12))…; listening on its contact-code topic \(StatusTopic.contactCode(of: key))")
        let code = StatusTopic.contactCode(of: key)
        let now = nowSeconds
        if let history {
            if let envelopes = try? await history.fetchAll(HistoryQuery(from: now - 86_400, to: now + 60, topics: [code])) {
                trace("history", "fetched \(envelopes.count) contact-code envelope(s) of the contact from a store peer")
            }
        }
    }

    /// Joins a public chat by name (`status`, or `#status`).
    public func joinPublicChat(_ name: String) async throws {
        let bare = name.hasPrefix("#") ? String(name.dropFirst()) : name
        do { try ChatID.validatePublicChatName(bare) } catch { throw MessengerError.invalidMessage("\(error)") }
        if try await database.chat(bare) == nil { try await database.save(ChatRecord(id: bare, kind: .publicChat, name: bare)) }
        try await listenToPublicChat(bare)
        trace("chat", "joined public chat #\(bare) on topic \(StatusTopic.publicChat(bare))")
    }

    /// Leaves a public chat (its messages stay in the database).
    public func leavePublicChat(_ name: String) async throws {
        try await database.removeChat(name.hasPrefix("#") ? String(name.dropFirst()) : name)
    }
}
