import ChatPayloads
import Foundation
import Primitives
import WakuCore

/// The Waku filters a messenger listens on (wire-facts §2.7): its own partitioned topic (ECIES to the
/// identity key), its own and its contacts' contact-code topics, the negotiated topic of every contact,
/// and every joined public chat. Each is subscribed once; `filterTopics` feeds history requests.
extension Messenger {
    /// Subscribes `topic` with `key` unless already done. The subscription is registered before this
    /// returns (so history fetched afterwards reaches it); the owner drains the stream.
    func listen(_ topic: Topic, _ key: KeySpec, _ label: String) async {
        let id = "\(topic)/\(label)"
        guard !subscribed.contains(id) else { return }
        subscribed.insert(id)
        let stream = await receiver.messages(matching: MessageFilter(topics: [topic], keys: [key]))
        streamContinuation.yield(stream)
        filterTopics.insert(topic)
    }

    /// The filters of the account itself.
    func listenToOwnTopics() async throws {
        await listen(StatusTopic.partitioned(of: publicKey), .asymmetric(identity), "partitioned")
        let own = try StatusTopic.derive(.contactCode(publicKey))
        if let key = own.symKey { await listen(own.topic, .symmetric(key), "contact-code") }
    }

    /// The filters of a 1:1 chat with `contact`: their contact code (bundles) and our negotiated topic.
    func listenToContact(_ contact: PublicKey) async throws {
        let code = try StatusTopic.derive(.contactCode(contact))
        if let key = code.symKey { await listen(code.topic, .symmetric(key), "contact-code") }
        let negotiated = try StatusTopic.derive(.negotiated(mine: identity, theirs: contact))
        if let key = negotiated.symKey { await listen(negotiated.topic, .symmetric(key), "negotiated") }
    }

    /// The filter of a public chat.
    func listenToPublicChat(_ name: String) async throws {
        let chat = try StatusTopic.derive(.publicChat(name))
        if let key = chat.symKey { await listen(chat.topic, .symmetric(key), "public") }
    }

    /// Re-creates every filter from the database (on start).
    func restoreFilters() async throws {
        try await listenToOwnTopics()
        for chat in try await database.chats() {
            switch chat.kind {
            case .oneToOne: if let key = keyNamed(byChatID: chat.id) { try await listenToContact(key) }
            case .publicChat: try await listenToPublicChat(chat.id)
            case .privateGroup:
                for member in try await groupState(chat.id).members where member != ChatID.oneToOne(publicKey) {
                    if let key = keyNamed(byChatID: member) { try await listenToContact(key) }
                }
            }
        }
    }
}
