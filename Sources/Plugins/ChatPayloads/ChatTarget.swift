import Primitives

/// Where an outgoing message goes: the `chat_id` a sender writes and the matching `message_type`
/// (wire-facts §5.4). Exists so a ChatMessage can never pair a 1:1 chat id with PUBLIC_GROUP or the like.
public struct ChatTarget: Sendable, Hashable {
    /// The `chat_id` field value.
    public let chatID: String
    /// The `message_type` field value.
    public let messageType: Protobuf_MessageType

    /// A 1:1 chat: the sender writes the **recipient's** key as chat id.
    public static func oneToOne(_ recipient: PublicKey) -> ChatTarget {
        ChatTarget(chatID: ChatID.oneToOne(recipient), messageType: .oneToOne)
    }

    /// A public chat by name (validated).
    public static func publicChat(_ name: String) throws(ChatIDError) -> ChatTarget {
        ChatTarget(chatID: try ChatID.publicChat(name), messageType: .publicGroup)
    }

    /// A private group by id (the id must end with a creator key).
    public static func privateGroup(_ chatID: String) throws(ChatIDError) -> ChatTarget {
        _ = try ChatID.groupCreator(of: chatID)
        return ChatTarget(chatID: chatID, messageType: .privateGroup)
    }
}
