import ChatPayloads
import Foundation

/// What a message carries besides plain text (wire-facts §5.3): emoji, stickers, images and audio, each
/// built so receivers accept it (fallback text, sniffed media type, size caps).
public enum ChatContent: Sendable, Equatable {
    case text(String)
    case emoji(String)
    case sticker(hash: String, pack: Int32)
    case image([UInt8])
    case audio([UInt8], durationMs: UInt64)
}

extension Messenger {
    /// Sends any kind of content to a chat; returns it as stored.
    @discardableResult
    public func send(_ content: ChatContent, to chat: ChatReference) async throws -> ChatMessageView {
        let target = try await target(of: chat)
        let tick = try await tick(chat.chatID)
        let message: Protobuf_ChatMessage
        do {
            switch content {
            case .text(let text): message = try ChatMessages.text(text, to: target, tick: tick)
            case .emoji(let emoji): message = try ChatMessages.emoji(emoji, to: target, tick: tick)
            case .sticker(let hash, let pack): message = try ChatMessages.sticker(hash: hash, pack: pack, to: target, tick: tick)
            case .image(let bytes): message = try ChatMessages.image(bytes, to: target, tick: tick)
            case .audio(let bytes, let duration): message = try ChatMessages.audio(bytes, durationMs: duration, to: target, tick: tick)
            }
        } catch {
            throw MessengerError.invalidMessage("\(error)")
        }
        return try await send(message, in: chat)
    }
}
