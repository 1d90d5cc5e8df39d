import ChatPayloads
import Foundation

/// A stored chat message as users see it: who, when, what, in which chat.
public struct ChatMessageView: Sendable, Equatable, Codable {
    public let id: String
    public let chatID: String
    public let sender: String
    public let clock: UInt64
    public let timestamp: UInt64
    public let text: String
    public let contentType: String
    public let replyTo: String?
    public let outgoing: Bool
    /// Bytes of an image or audio message (empty otherwise); sticker hash for stickers.
    public let media: [UInt8]
    public let sticker: String?

    init(record: MessageRecord) {
        let message = (try? Protobuf_ChatMessage(serializedBytes: record.payload)) ?? Protobuf_ChatMessage()
        id = record.id
        chatID = record.chatID
        sender = record.sender
        clock = record.clock
        timestamp = record.timestamp
        text = message.text
        contentType = "\(message.contentType)"
        replyTo = message.responseTo.isEmpty ? nil : message.responseTo
        outgoing = record.outgoing
        switch message.payload {
        case .image(let image)?: media = Array(image.payload); sticker = nil
        case .audio(let audio)?: media = Array(audio.payload); sticker = nil
        case .sticker(let value)?: media = []; sticker = value.hash
        case nil: media = []; sticker = nil
        }
    }
}
