import ChatPayloads
import DataSync
import Foundation
import Primitives
import SecureChannel
import WakuCore

/// The upper half of sending: ChatMessage / EmojiReaction → AMM → MVDS or public message (wire-facts §5.1).
extension Messenger {
    /// Sends a text message to a chat; returns it as stored.
    @discardableResult
    public func sendText(_ text: String, to chat: ChatReference, replyingTo reply: String? = nil) async throws -> ChatMessageView {
        let target = try await target(of: chat)
        let tick = try await tick(chat.chatID)
        let replyID = try reply.map { text throws in
            do { return try MessageID(hex: text) } catch { throw MessengerError.invalidMessage("reply id: \(error)") }
        }
        let message: Protobuf_ChatMessage
        do { message = try ChatMessages.text(text, to: target, tick: tick, replyingTo: replyID) } catch {
            throw MessengerError.invalidMessage("\(error)")
        }
        return try await send(message, in: chat)
    }

    /// Sends an emoji reaction to `messageID` in a chat.
    public func react(_ type: Protobuf_EmojiReaction.TypeEnum, to messageID: String, in chat: ChatReference,
                      retract: Bool = false) async throws {
        let target = try await target(of: chat)
        let id: MessageID
        do { id = try MessageID(hex: messageID) } catch { throw MessengerError.invalidMessage("message id: \(error)") }
        let reaction = EmojiReactions.reaction(type, to: id, in: target, clock: try await tick(chat.chatID).clock, retracted: retract)
        try await database.saveReaction(chat: chat.chatID, message: messageID, sender: ChatID.oneToOne(publicKey), type: type.rawValue,
                                        clock: reaction.clock, retracted: retract)
        let wrapped: WrappedApplicationMessage
        do { wrapped = try ApplicationMessage.wrap(reaction, signer: identity) } catch { throw MessengerError.transport("\(error)") }
        try await dispatch(wrapped, in: chat, attaching: .emojiReaction(reaction))
    }

    func send(_ message: Protobuf_ChatMessage, in chat: ChatReference) async throws -> ChatMessageView {
        let wrapped: WrappedApplicationMessage
        do {
            if case .group(let id) = chat {
                // Group messages travel inside the group's MembershipUpdateMessage, whose id they take.
                let update = Protobuf_MembershipUpdateMessage(chatID: id, events: try await groupState(id).applied, attaching: .message(message))
                wrapped = try ApplicationMessage.wrap(update, signer: identity)
            } else {
                wrapped = try ApplicationMessage.wrap(message, signer: identity)
            }
        } catch let error as MessengerError {
            throw error
        } catch {
            throw MessengerError.transport("\(error)")
        }
        let record = MessageRecord(id: wrapped.id.hex, chatID: chat.chatID, clock: message.clock, timestamp: message.timestamp,
                                   sender: ChatID.oneToOne(publicKey), outgoing: true, payload: try message.serializedBytes())
        try await database.insert(record)
        try await saveClock(chat.chatID, kind: chat.kind)
        trace("chat", "message \(wrapped.id.hex.prefix(12))… (clock \(message.clock)) wrapped in a signed ApplicationMetadataMessage")
        try await dispatch(wrapped, in: chat, attaching: .message(message))
        let view = ChatMessageView(record: record)
        messagesSent += 1
        bus.publish(ChatMessageEvent(message: view, incoming: false))
        return view
    }

    /// Routes an AMM: 1:1 through MVDS, groups pairwise through MVDS inside a MembershipUpdateMessage,
    /// public chats as a public message on the chat topic.
    func dispatch(_ wrapped: WrappedApplicationMessage, in chat: ChatReference,
                  attaching entity: Protobuf_MembershipUpdateMessage.OneOf_ChatEntity) async throws {
        switch chat {
        case .oneToOne(let key):
            try await queue(wrapped.bytes, to: key)
        case .publicChat(let name):
            let message: Encryption_ProtocolMessage
            do { message = try await encryption.wrapPublic(wrapped.bytes) } catch { throw MessengerError.transport("\(error)") }
            let topic = try StatusTopic.derive(.publicChat(name))
            trace("topic", "public chat #\(name): topic \(topic.topic) (AES-256-GCM, key from the name)")
            try await post(message, on: topic.topic, .symmetric(topic.symKey!))
        case .group(let id):
            let state = try await groupState(id)
            var amm = wrapped
            if wrapped.type != .membershipUpdateMessage {
                let update = Protobuf_MembershipUpdateMessage(chatID: id, events: state.applied, attaching: entity)
                do { amm = try ApplicationMessage.wrap(update, signer: identity) } catch { throw MessengerError.transport("\(error)") }
            }
            for member in state.members where member != ChatID.oneToOne(publicKey) {
                guard let key = keyNamed(byChatID: member) else { continue }
                try await queue(amm.bytes, to: key)
            }
        }
    }

    /// Hands an AMM to MVDS for `recipient` and sends it at once; MVDS retransmits it on its schedule
    /// until ACKed (ACKs still travel batched, once per epoch).
    func queue(_ amm: [UInt8], to recipient: PublicKey) async throws {
        let id: SyncMessageID
        let now: TickOutput
        do {
            id = try await sync.send(amm, toContact: recipient)
            now = try await sync.sendNow(id)
        } catch { throw MessengerError.transport("\(error)") }
        trace("mvds", "MVDS message \(id) for \(ChatID.oneToOne(recipient).prefix(12))… sent now, retransmitted until ACKed")
        await send(now)
    }

    /// The ChatTarget of a chat this node knows.
    func target(of chat: ChatReference) async throws -> ChatTarget {
        guard try await database.chat(chat.chatID) != nil else { throw MessengerError.unknownChat(chat.chatID) }
        do {
            switch chat {
            case .oneToOne(let key): return .oneToOne(key)
            case .publicChat(let name): return try .publicChat(name)
            case .group(let id): return try .privateGroup(id)
            }
        } catch {
            throw MessengerError.invalidMessage("\(error)")
        }
    }
}

extension ChatReference {
    var kind: ChatKind {
        switch self {
        case .oneToOne: return .oneToOne
        case .publicChat: return .publicChat
        case .group: return .privateGroup
        }
    }
}
