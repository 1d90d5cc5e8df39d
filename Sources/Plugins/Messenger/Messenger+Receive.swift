import ChatPayloads
import DataSync
import Foundation
import Primitives
import SecureChannel
import WakuCore

/// The receive path (wire-facts §5.1 receive order): Waku message → ProtocolMessage decrypt → MVDS unwrap →
/// AMM (signer, id) → validation → chat database → notification. A failure at any layer drops the
/// message with a reason; nothing half-processed is stored.
extension Messenger {
    public func handle(_ received: ReceivedMessage) async {
        if case .local = received.origin { return }  // our own post, echoed by the local node
        guard let signer = received.signer else { return drop("envelope", "unsigned Waku message") }
        if signer == publicKey { return }  // our own message relayed back
        let message: Encryption_ProtocolMessage
        do { message = try Encryption_ProtocolMessage(serializedBytes: received.payload) } catch {
            return drop("protocol", "not a ProtocolMessage: \(error)")
        }
        let decrypted: DecryptedMessage
        do { decrypted = try await encryption.decrypt(message, from: signer) } catch {
            return drop("protocol", "\(error)")
        }
        let who = ChatID.oneToOne(signer).prefix(12) + "…"
        if case .history = received.origin { trace("history", "replayed envelope \(received.envelope.hash.description.prefix(18))… from a store peer") }
        switch decrypted.kind {
        case .ratchet: trace("ratchet", "decrypted a Double Ratchet message from \(who) (installation \(decrypted.senderInstallationID.prefix(8))…)")
        case .fallback: trace("x3dh", "decrypted a \"none\"-fallback message from \(who)")
        case .publicMessage: break
        }
        for installation in decrypted.newInstallations {
            trace("contact", "learnt installation \(installation.id.prefix(8))… of \(who) from its bundle")
        }
        if decrypted.kind == .publicMessage {
            return await application(decrypted.payload, received: received, wakuSigner: signer)
        }
        let outcome: ReceiveOutcome
        do { outcome = try await sync.receive(decrypted.payload, from: SyncPeerID(signer)) } catch {
            return drop("mvds", "\(error)")
        }
        switch outcome {
        case .notMVDS:
            await application(decrypted.payload, received: received, wakuSigner: signer)
        case .sync(let summary):
            if !summary.acknowledged.isEmpty {
                trace("mvds", "\(who) ACKed \(summary.acknowledged.count) message(s): delivered")
            }
            for delivery in summary.delivered {
                trace("mvds", "MVDS message \(delivery.id) from \(who); ACK queued for the next epoch")
                await application(delivery.body, received: received, wakuSigner: signer)
            }
            if summary.duplicates > 0 { trace("mvds", "\(summary.duplicates) duplicate(s) from \(who) ACKed again, not delivered twice") }
        }
    }

    /// An ApplicationMetadataMessage: recover the author, then act on its type.
    func application(_ bytes: [UInt8], received: ReceivedMessage, wakuSigner: PublicKey) async {
        let amm: ReceivedApplicationMessage
        do { amm = try ApplicationMessage.unwrap(bytes) } catch { return drop("chat", "\(error)") }
        guard let author = amm.author(orEnvelopeSigner: wakuSigner) else { return drop("chat", "no author") }
        let whisperMs = MessageValidator.whisperTimestampMs(expiry: received.envelope.expiry, ttl: received.envelope.ttl)
        do {
            switch amm.type {
            case .chatMessage:
                let message = try Protobuf_ChatMessage(serializedBytes: amm.payload)
                try await chatMessage(message, id: amm.id, author: author, whisperMs: whisperMs)
            case .emojiReaction:
                let reaction = try Protobuf_EmojiReaction(serializedBytes: amm.payload)
                try await emojiReaction(reaction, author: author, whisperMs: whisperMs)
            case .membershipUpdateMessage:
                let update = try Protobuf_MembershipUpdateMessage(serializedBytes: amm.payload)
                try await membershipUpdate(update, id: amm.id, author: author, whisperMs: whisperMs)
            case .contactCodeAdvertisement:
                trace("contact", "contact code of \(ChatID.oneToOne(author).prefix(12))… received; its bundle is stored")
            default:
                return  // other payload types are not handled by this node
            }
        } catch {
            drop("chat", "\(error)")
        }
    }

    func chatMessage(_ message: Protobuf_ChatMessage, id: MessageID, author: PublicKey, whisperMs: UInt64,
                     group: String? = nil) async throws {
        try validator.validate(message, whisperTimestampMs: whisperMs)
        let chat: ChatReference
        switch message.messageType {
        case .oneToOne:
            chat = .oneToOne(author)
            if try await database.chat(chat.chatID) == nil {
                try await database.save(ChatRecord(id: chat.chatID, kind: .oneToOne))
                try await listenToContact(author)
            }
        case .publicGroup:
            guard try await database.chat(message.chatID)?.kind == .publicChat else {
                throw MessengerError.unknownChat(message.chatID)
            }
            chat = .publicChat(message.chatID)
        case .privateGroup:
            let state = try await groupState(message.chatID)
            guard group == message.chatID, state.isMember(author), state.hasJoined(publicKey) || autoJoinGroups else {
                throw MessengerError.unknownChat(message.chatID)
            }
            chat = .group(message.chatID)
        default:
            throw MessengerError.invalidMessage("message type \(message.messageType)")
        }
        let record = MessageRecord(id: id.hex, chatID: chat.chatID, clock: message.clock, timestamp: message.timestamp,
                                   sender: ChatID.oneToOne(author), outgoing: false, payload: try message.serializedBytes())
        guard try await database.insert(record) else {
            return trace("chat", "message \(id.hex.prefix(12))… already stored (duplicate dropped)")
        }
        try await observe(message.clock, in: chat.chatID)
        try await saveClock(chat.chatID, kind: chat.kind)
        trace("chat", "new message \(id.hex.prefix(12))… in \(chat.chatID.prefix(16)): \"\(message.text.prefix(40))\"")
        messagesReceived += 1
        bus.publish(ChatMessageEvent(message: ChatMessageView(record: record), incoming: true))
    }

    func emojiReaction(_ reaction: Protobuf_EmojiReaction, author: PublicKey, whisperMs: UInt64) async throws {
        try validator.validate(reaction, whisperTimestampMs: whisperMs)
        let chatID = reaction.messageType == .oneToOne ? ChatID.oneToOne(author) : reaction.chatID
        guard try await database.chat(chatID) != nil else { throw MessengerError.unknownChat(chatID) }
        try await database.saveReaction(chat: chatID, message: reaction.messageID, sender: ChatID.oneToOne(author),
                                        type: reaction.type.rawValue, clock: reaction.clock, retracted: reaction.retracted)
        trace("chat", "reaction \(reaction.type) to \(reaction.messageID.prefix(12))… from \(ChatID.oneToOne(author).prefix(12))…")
    }

    /// A group update; an attached message takes the update's id (the same for every member, wire-facts §5.7).
    func membershipUpdate(_ update: Protobuf_MembershipUpdateMessage, id: MessageID, author: PublicKey, whisperMs: UInt64) async throws {
        let nowMs = nowMilliseconds
        var added = 0
        for result in update.decodedEvents {
            guard case .success(let event) = result else { continue }
            do { try validator.validateClock(event.event.clock, referenceMs: nowMs) } catch { continue }
            try await store(event, in: update.chatID)
            added += 1
        }
        let state = try await groupState(update.chatID)
        for skipped in state.skipped { trace("chat", "group event skipped: \(skipped.reason)") }
        guard state.isMember(publicKey) else {
            trace("chat", "group \(update.chatID.prefix(12))…: we are not a member")
            return
        }
        let isNew = try await database.chat(update.chatID) == nil
        var chat = try await database.chat(update.chatID) ?? ChatRecord(id: update.chatID, kind: .privateGroup)
        chat.name = state.name
        try await database.save(chat)
        if isNew {
            trace("chat", "added to group \"\(state.name)\" by \(ChatID.oneToOne(author).prefix(12))…")
            for member in state.members where member != ChatID.oneToOne(publicKey) {
                if let key = keyNamed(byChatID: member) { try await listenToContact(key) }
            }
            if autoJoinGroups && !state.hasJoined(publicKey) { try await joinGroup(update.chatID) }
        }
        switch update.chatEntity {
        case .message(let message)?:
            try await chatMessage(message, id: id, author: author, whisperMs: whisperMs, group: update.chatID)
        case .emojiReaction(let reaction)?:
            try await emojiReaction(reaction, author: author, whisperMs: whisperMs)
        case nil:
            break
        }
    }
}
