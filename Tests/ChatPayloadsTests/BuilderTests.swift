import Foundation
import Primitives
import Testing
@testable import ChatPayloads

@Suite("Message builders")
struct BuilderTests {
    let validator = MessageValidator()
    let tick = ClockTick(clock: 1_600_000_000_000, timestampMs: 1_600_000_000_000)
    static let replyID = "0x" + String(repeating: "cd", count: 32)

    func accepted(_ message: Protobuf_ChatMessage) -> Bool {
        (try? validator.validate(message, whisperTimestampMs: tick.timestampMs)) != nil
    }

    @Test("text message: fields, reply id, and it passes the receive rules")
    func text() throws {
        let reply = try MessageID(hex: Self.replyID)
        let message = try ChatMessages.text("hello", to: .oneToOne(Fixtures.bob.publicKey), tick: tick, replyingTo: reply, ensName: "me.stateofus.eth")
        #expect(message.text == "hello")
        #expect(message.clock == tick.clock && message.timestamp == tick.timestampMs)
        #expect(message.chatID == ChatID.oneToOne(Fixtures.bob.publicKey))
        #expect(message.messageType == .oneToOne)
        #expect(message.contentType == .textPlain)
        #expect(message.responseTo == Self.replyID)
        #expect(message.ensName == "me.stateofus.eth")
        #expect(message.payload == nil)
        #expect(accepted(message))
        #expect(try ChatMessages.text("x", to: .publicChat("status"), tick: tick).responseTo == "")
    }

    @Test("text refusals mirror the receive rules")
    func textRefusals() {
        let target = ChatTarget.oneToOne(Fixtures.bob.publicKey)
        #expect(throws: ChatMessageBuildError.emptyText) { try ChatMessages.text(" \n", to: target, tick: tick) }
        #expect(throws: ChatMessageBuildError.textTooLong(byteCount: 4097)) {
            try ChatMessages.text(String(repeating: "a", count: 4097), to: target, tick: tick)
        }
        #expect(throws: ChatMessageBuildError.zeroClock) { try ChatMessages.text("a", to: target, tick: ClockTick(clock: 0, timestampMs: 1)) }
        #expect(throws: ChatMessageBuildError.zeroClock) { try ChatMessages.text("a", to: target, tick: ClockTick(clock: 1, timestampMs: 0)) }
    }

    @Test("emoji message uses content type EMOJI")
    func emoji() throws {
        let message = try ChatMessages.emoji("👍", to: .publicChat("status"), tick: tick)
        #expect(message.contentType == .emoji)
        #expect(message.text == "👍")
        #expect(message.messageType == .publicGroup)
        #expect(accepted(message))
    }

    @Test("sticker message carries the fallback text and the sticker")
    func sticker() throws {
        let message = try ChatMessages.sticker(hash: "e3010170", pack: 2, to: .publicChat("status"), tick: tick)
        #expect(message.contentType == .sticker)
        #expect(message.text == ChatMessages.stickerFallbackText)
        #expect(message.sticker.hash == "e3010170" && message.sticker.pack == 2)
        #expect(accepted(message))
        #expect(throws: ChatMessageBuildError.emptyStickerHash) {
            try ChatMessages.sticker(hash: "", pack: 1, to: .publicChat("status"), tick: tick)
        }
    }

    @Test("image message: type from the sniffed bytes, fallback text; unknown, empty, oversized refused")
    func image() throws {
        let png: [UInt8] = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
        let message = try ChatMessages.image(png, to: .oneToOne(Fixtures.bob.publicKey), tick: tick)
        #expect(message.contentType == .image)
        #expect(message.image.type == .png)
        #expect([UInt8](message.image.payload) == png)
        #expect(message.text == ChatMessages.imageFallbackText)
        #expect(accepted(message))
        let target = ChatTarget.oneToOne(Fixtures.bob.publicKey)
        #expect(throws: ChatMessageBuildError.unsupportedMedia(.image)) { try ChatMessages.image([1, 2, 3, 4], to: target, tick: tick) }
        #expect(throws: ChatMessageBuildError.unsupportedMedia(.image)) { try ChatMessages.image([0xff, 0xf1, 0], to: target, tick: tick) }
        #expect(throws: ChatMessageBuildError.emptyMedia(.image)) { try ChatMessages.image([], to: target, tick: tick) }
        #expect(throws: ChatMessageBuildError.mediaTooLarge(.image, byteCount: 8, limit: 4)) {
            try ChatMessages.image(png, to: target, tick: tick, limits: MediaLimits(maxImageBytes: 4))
        }
    }

    @Test("audio message: AAC/AMR sniffed, duration kept; unknown refused")
    func audio() throws {
        let amr = Array("#!AMR\n".utf8) + [UInt8](repeating: 0x3c, count: 10)
        let message = try ChatMessages.audio(amr, durationMs: 2500, to: .publicChat("status"), tick: tick)
        #expect(message.contentType == .audio)
        #expect(message.audio.type == .amr)
        #expect(message.audio.durationMs == 2500)
        #expect(message.text == ChatMessages.audioFallbackText)
        #expect(accepted(message))
        #expect(try ChatMessages.audio([0xff, 0xf9, 0x50], durationMs: 1, to: .publicChat("status"), tick: tick).audio.type == .aac)
        #expect(throws: ChatMessageBuildError.unsupportedMedia(.audio)) {
            try ChatMessages.audio(Array("#!AMR\n".utf8), durationMs: 1, to: .publicChat("status"), tick: tick) // AMR quirk: < 12 bytes
        }
        #expect(throws: ChatMessageBuildError.unsupportedMedia(.audio)) {
            try ChatMessages.audio([0xff, 0xd8, 0xff], durationMs: 1, to: .publicChat("status"), tick: tick) // a JPEG
        }
        #expect(throws: ChatMessageBuildError.emptyMedia(.audio)) {
            try ChatMessages.audio([], durationMs: 1, to: .publicChat("status"), tick: tick)
        }
    }

    @Test("emoji reaction and its retraction")
    func reactions() throws {
        let id = try MessageID(hex: Self.replyID)
        let target = try ChatTarget.privateGroup(Fixtures.secGroupID)
        let reaction = EmojiReactions.reaction(.laugh, to: id, in: target, clock: 5)
        #expect(reaction.messageID == Self.replyID)
        #expect(reaction.chatID == Fixtures.secGroupID)
        #expect(reaction.messageType == .privateGroup)
        #expect(reaction.type == .laugh)
        #expect(!reaction.retracted)
        let back = EmojiReactions.retraction(of: reaction, clock: 6)
        #expect(back.retracted && back.clock == 6 && back.type == .laugh && back.messageID == reaction.messageID)
        #expect(EmojiReactions.reaction(.sad, to: id, in: target, clock: 7, retracted: true).retracted)
    }

    @Test("build error descriptions are distinct")
    func descriptions() {
        let all: [ChatMessageBuildError] = [.emptyText, .textTooLong(byteCount: 5000), .zeroClock, .emptyStickerHash, .emptyMedia(.image),
                                            .unsupportedMedia(.image), .unsupportedMedia(.audio), .mediaTooLarge(.audio, byteCount: 2, limit: 1)]
        #expect(Set(all.map(\.description)).count == all.count)
    }
}
