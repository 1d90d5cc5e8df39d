import SwiftProtobuf

/// A protobuf that travels inside an ApplicationMetadataMessage, tagged with its AMM type so
/// `ApplicationMessage.wrap(_:signer:)` can never pair a payload with the wrong type.
public protocol ApplicationPayload: SwiftProtobuf.Message {
    /// The AMM `type` this payload is sent under (wire-facts §5.2).
    static var applicationType: ApplicationMessageType { get }
}

extension Protobuf_ChatMessage: ApplicationPayload {
    public static var applicationType: ApplicationMessageType { .chatMessage }
}

extension Protobuf_ContactUpdate: ApplicationPayload {
    public static var applicationType: ApplicationMessageType { .contactUpdate }
}

extension Protobuf_MembershipUpdateMessage: ApplicationPayload {
    public static var applicationType: ApplicationMessageType { .membershipUpdateMessage }
}

extension Protobuf_PairInstallation: ApplicationPayload {
    public static var applicationType: ApplicationMessageType { .pairInstallation }
}

extension Protobuf_EmojiReaction: ApplicationPayload {
    public static var applicationType: ApplicationMessageType { .emojiReaction }
}

extension Protobuf_GroupChatInvitation: ApplicationPayload {
    public static var applicationType: ApplicationMessageType { .groupChatInvitation }
}
