/// The typed content of an ApplicationMetadataMessage: what the messenger acts on. Types this module
/// does not model (sync, transaction commands, push notifications) are `.ignored`; values outside the
/// enum are `.unknown` — both are normal outcomes, never errors (wire-facts §5.2 "Unknown types: ignore").
public enum ChatPayload: Sendable, Equatable {
    case chatMessage(Protobuf_ChatMessage)
    case contactUpdate(Protobuf_ContactUpdate)
    case membershipUpdate(Protobuf_MembershipUpdateMessage)
    case pairInstallation(Protobuf_PairInstallation)
    case emojiReaction(Protobuf_EmojiReaction)
    case groupChatInvitation(Protobuf_GroupChatInvitation)
    /// A known AMM type this module does not decode.
    case ignored(ApplicationMessageType)
    /// An AMM type value outside the 2020 enum (or UNKNOWN = 0).
    case unknown(rawType: Int)

    /// Decodes the payload of an opened AMM according to its type.
    public init(_ message: ReceivedApplicationMessage) throws(ChatPayloadError) {
        try self.init(type: message.type, payload: message.payload)
    }

    /// Decodes `payload` according to `type`.
    public init(type: ApplicationMessageType, payload: [UInt8]) throws(ChatPayloadError) {
        switch type {
        case .chatMessage: self = .chatMessage(try Self.decode(payload, type))
        case .contactUpdate: self = .contactUpdate(try Self.decode(payload, type))
        case .membershipUpdateMessage: self = .membershipUpdate(try Self.decode(payload, type))
        case .pairInstallation: self = .pairInstallation(try Self.decode(payload, type))
        case .emojiReaction: self = .emojiReaction(try Self.decode(payload, type))
        case .groupChatInvitation: self = .groupChatInvitation(try Self.decode(payload, type))
        case .unknown, .UNRECOGNIZED: self = .unknown(rawType: type.rawValue)
        default: self = .ignored(type)
        }
    }

    private static func decode<M: ApplicationPayload>(_ payload: [UInt8], _ type: ApplicationMessageType) throws(ChatPayloadError) -> M {
        switch M.parsing(payload) {
        case .success(let message): return message
        case .failure(let failure): throw .malformedPayload(type: type, failure)
        }
    }
}

/// Why the payload inside an AMM did not decode.
public enum ChatPayloadError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The payload bytes are not the protobuf the AMM type announces.
    case malformedPayload(type: ApplicationMessageType, ProtobufFailure)

    public var description: String {
        switch self {
        case .malformedPayload(let type, let failure):
            return "AMM of type \(type) carries a payload that does not decode (\(failure)); the message is dropped"
        }
    }
}
