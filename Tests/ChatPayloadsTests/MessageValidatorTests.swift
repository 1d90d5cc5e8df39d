import Foundation
import Testing
@testable import ChatPayloads

@Suite("Receive validation (wire-facts §5.5)")
struct MessageValidatorTests {
    let validator = MessageValidator()
    /// Envelope expiry 1_600_000_015, ttl 15 → whisper timestamp 1_600_000_000_000 ms.
    static let whisperTs: UInt64 = 1_600_000_000_000

    static func validText() -> Protobuf_ChatMessage {
        var message = Protobuf_ChatMessage()
        message.clock = whisperTs
        message.timestamp = whisperTs
        message.text = "hello"
        message.chatID = "status"
        message.messageType = .publicGroup
        message.contentType = .textPlain
        return message
    }

    func check(_ message: Protobuf_ChatMessage) -> ValidationRejection? {
        do { try validator.validate(message, whisperTimestampMs: Self.whisperTs); return nil } catch { return error }
    }

    @Test("whisper timestamp = (expiry − ttl) × 1000")
    func whisperTimestamp() {
        #expect(MessageValidator.whisperTimestampMs(expiry: 1_600_000_015, ttl: 15) == Self.whisperTs)
        #expect(MessageValidator.whisperTimestampMs(expiry: 0, ttl: 0) == 0)
        // uint32 wrap like status-go, never a trap
        #expect(MessageValidator.whisperTimestampMs(expiry: 1, ttl: 2) == UInt64(UInt32.max) * 1000)
    }

    @Test("clock rule: 0 rejected, up to +120 000 ms accepted, beyond rejected, the past always accepted")
    func clockRule() {
        let ts = Self.whisperTs
        #expect(throws: ValidationRejection.zeroClock) { try validator.validateClock(0, referenceMs: ts) }
        #expect(throws: Never.self) { try validator.validateClock(1, referenceMs: ts) }
        #expect(throws: Never.self) { try validator.validateClock(ts, referenceMs: ts) }
        #expect(throws: Never.self) { try validator.validateClock(ts + 120_000, referenceMs: ts) }
        #expect(throws: ValidationRejection.clockTooFarAhead(clock: ts + 120_001, referenceMs: ts)) {
            try validator.validateClock(ts + 120_001, referenceMs: ts)
        }
        #expect(throws: ValidationRejection.self) { try validator.validateClock(.max, referenceMs: 0) }
    }

    @Test("a valid text message passes; each text rule rejects")
    func textRules() {
        #expect(check(Self.validText()) == nil)
        var m = Self.validText(); m.clock = 0
        #expect(check(m) == .zeroClock)
        m = Self.validText(); m.clock = Self.whisperTs + 120_001
        #expect(check(m) == .clockTooFarAhead(clock: Self.whisperTs + 120_001, referenceMs: Self.whisperTs))
        m = Self.validText(); m.timestamp = 0
        #expect(check(m) == .zeroTimestamp)
        for blank in ["", " ", "\n\t \r", "\u{00a0}\u{2003}\u{3000}\u{0085}"] {
            m = Self.validText(); m.text = blank
            #expect(check(m) == .emptyText)
        }
        m = Self.validText(); m.text = "  x  "
        #expect(check(m) == nil)
        m = Self.validText(); m.text = String(repeating: "a", count: 4096)
        #expect(check(m) == nil)
        m = Self.validText(); m.text = String(repeating: "a", count: 4097)
        #expect(check(m) == .textTooLong(byteCount: 4097))
        m = Self.validText(); m.text = String(repeating: "é", count: 2049) // 4098 UTF-8 bytes, 2049 characters
        #expect(check(m) == .textTooLong(byteCount: 4098))
        m = Self.validText(); m.chatID = ""
        #expect(check(m) == .emptyChatID)
    }

    @Test("message type and content type bans")
    func typeBans() {
        for type in [Protobuf_MessageType.unknownMessageType, .systemMessagePrivateGroup] {
            var m = Self.validText(); m.messageType = type
            #expect(check(m) == .invalidMessageType(type))
        }
        for type in [Protobuf_MessageType.oneToOne, .publicGroup, .privateGroup] {
            var m = Self.validText(); m.messageType = type
            #expect(check(m) == nil)
        }
        for type in [Protobuf_ChatMessage.ContentType.unknownContentType, .transactionCommand] {
            var m = Self.validText(); m.contentType = type
            #expect(check(m) == .invalidContentType(type))
        }
        for type in [Protobuf_ChatMessage.ContentType.textPlain, .status, .emoji, .systemMessageContentPrivateGroup, .UNRECOGNIZED(42)] {
            var m = Self.validText(); m.contentType = type
            #expect(check(m) == nil)
        }
    }

    @Test("sticker: payload present with a non-empty hash; text still required (errata #26)")
    func stickerRules() {
        var m = Self.validText(); m.contentType = .sticker
        #expect(check(m) == .missingSticker)
        m.payload = .image(Protobuf_ImageMessage())
        #expect(check(m) == .missingSticker)
        var sticker = Protobuf_StickerMessage()
        m.payload = .sticker(sticker)
        #expect(check(m) == .emptyStickerHash)
        sticker.hash = "e30101"
        m.payload = .sticker(sticker)
        #expect(check(m) == nil)
        m.text = " "
        #expect(check(m) == .emptyText)
    }

    @Test("image: payload present, non-empty, known type, within the cap")
    func imageRules() {
        var m = Self.validText(); m.contentType = .image
        #expect(check(m) == .missingMedia(.image))
        var image = Protobuf_ImageMessage()
        m.payload = .image(image)
        #expect(check(m) == .emptyMedia(.image))
        image.payload = Data([0xff, 0xd8, 0xff, 0x00])
        m.payload = .image(image)
        #expect(check(m) == .unknownMediaType(.image))
        image.type = .jpeg
        m.payload = .image(image)
        #expect(check(m) == nil)
        m.text = ""
        #expect(check(m) == .emptyText)
        m.text = "img"
        let small = MessageValidator(limits: MediaLimits(maxImageBytes: 3, maxAudioBytes: 100))
        #expect(throws: ValidationRejection.mediaTooLarge(.image, byteCount: 4, limit: 3)) {
            try small.validate(m, whisperTimestampMs: Self.whisperTs)
        }
        image.payload = Data(repeating: 0xff, count: MediaLimits.oneMiB + 1)
        m.payload = .image(image)
        #expect(check(m) == .mediaTooLarge(.image, byteCount: MediaLimits.oneMiB + 1, limit: MediaLimits.oneMiB))
        image.payload = Data(repeating: 0xff, count: MediaLimits.oneMiB)
        m.payload = .image(image)
        #expect(check(m) == nil)
    }

    @Test("audio: payload present, non-empty, known type, within the cap")
    func audioRules() {
        var m = Self.validText(); m.contentType = .audio
        #expect(check(m) == .missingMedia(.audio))
        var audio = Protobuf_AudioMessage()
        m.payload = .audio(audio)
        #expect(check(m) == .emptyMedia(.audio))
        audio.payload = Data([0xff, 0xf1])
        m.payload = .audio(audio)
        #expect(check(m) == .unknownMediaType(.audio))
        audio.type = .aac
        m.payload = .audio(audio)
        #expect(check(m) == nil)
        let small = MessageValidator(limits: MediaLimits(maxImageBytes: 100, maxAudioBytes: 1))
        #expect(throws: ValidationRejection.mediaTooLarge(.audio, byteCount: 2, limit: 1)) {
            try small.validate(m, whisperTimestampMs: Self.whisperTs)
        }
    }

    @Test("PairInstallation: clock rule and trimmed name, device type, installation id")
    func pairInstallation() {
        var p = Protobuf_PairInstallation()
        p.clock = 5
        p.name = "phone"
        p.deviceType = "ios"
        p.installationID = "abc"
        #expect(throws: Never.self) { try validator.validate(p, whisperTimestampMs: Self.whisperTs) }
        var bad = p; bad.clock = 0
        #expect(throws: ValidationRejection.zeroClock) { try validator.validate(bad, whisperTimestampMs: Self.whisperTs) }
        bad = p; bad.clock = Self.whisperTs + 200_000
        #expect(throws: ValidationRejection.self) { try validator.validate(bad, whisperTimestampMs: Self.whisperTs) }
        bad = p; bad.name = " \t"
        #expect(throws: ValidationRejection.emptyInstallationName) { try validator.validate(bad, whisperTimestampMs: Self.whisperTs) }
        bad = p; bad.deviceType = ""
        #expect(throws: ValidationRejection.emptyDeviceType) { try validator.validate(bad, whisperTimestampMs: Self.whisperTs) }
        bad = p; bad.installationID = "\n"
        #expect(throws: ValidationRejection.emptyInstallationID) { try validator.validate(bad, whisperTimestampMs: Self.whisperTs) }
    }

    @Test("EmojiReaction: clock rule, message_id and chat_id non-empty, type and message type known")
    func emojiReaction() throws {
        let id = try MessageID(hex: "0x" + String(repeating: "ab", count: 32))
        let r = EmojiReactions.reaction(.love, to: id, in: try .publicChat("status"), clock: 10)
        #expect(throws: Never.self) { try validator.validate(r, whisperTimestampMs: Self.whisperTs) }
        var bad = r; bad.clock = 0
        #expect(throws: ValidationRejection.zeroClock) { try validator.validate(bad, whisperTimestampMs: Self.whisperTs) }
        bad = r; bad.clock = Self.whisperTs + 120_001
        #expect(throws: ValidationRejection.self) { try validator.validate(bad, whisperTimestampMs: Self.whisperTs) }
        bad = r; bad.messageID = ""
        #expect(throws: ValidationRejection.emptyMessageID) { try validator.validate(bad, whisperTimestampMs: Self.whisperTs) }
        bad = r; bad.chatID = ""
        #expect(throws: ValidationRejection.emptyChatID) { try validator.validate(bad, whisperTimestampMs: Self.whisperTs) }
        bad = r; bad.type = .unknownEmojiReactionType
        #expect(throws: ValidationRejection.unknownEmojiReactionType) { try validator.validate(bad, whisperTimestampMs: Self.whisperTs) }
        bad = r; bad.messageType = .unknownMessageType
        #expect(throws: ValidationRejection.invalidMessageType(.unknownMessageType)) {
            try validator.validate(bad, whisperTimestampMs: Self.whisperTs)
        }
        let retraction = EmojiReactions.retraction(of: r, clock: 11)
        #expect(throws: Never.self) { try validator.validate(retraction, whisperTimestampMs: Self.whisperTs) }
    }

    @Test("GroupChatInvitation: chat_id non-empty")
    func invitation() {
        var invitation = Protobuf_GroupChatInvitation()
        #expect(throws: ValidationRejection.emptyChatID) { try validator.validate(invitation) }
        invitation.chatID = Fixtures.secGroupID
        #expect(throws: Never.self) { try validator.validate(invitation) }
    }

    @Test("membership events: clock rule against local time, not the envelope time; attached message against the envelope")
    func membershipEvents() throws {
        let now: UInt64 = 1_700_000_000_000
        let chatID = Fixtures.secGroupID
        let created = try SignedGroupEvent.sign(GroupEvents.chatCreated(name: "g", clock: now), chatID: chatID, with: Fixtures.sec)
        let added = try SignedGroupEvent.sign(GroupEvents.membersAdded([Fixtures.bob.publicKey], clock: now + 120_000),
                                              chatID: chatID, with: Fixtures.sec)
        let update = Protobuf_MembershipUpdateMessage(chatID: chatID, events: [created, added])
        // Far ahead of the envelope time, but fine against local time.
        let events = try validator.validate(update, nowMs: now, whisperTimestampMs: 1000)
        #expect(events == [created, added])
        // The same events are too far ahead of an earlier local clock.
        #expect(throws: ValidationRejection.membershipEvent(index: 1, .clockTooFarAhead(clock: now + 120_000, referenceMs: now - 1))) {
            try validator.validate(update, nowMs: now - 1, whisperTimestampMs: now)
        }
        let zero = try SignedGroupEvent.sign(GroupEvents.memberJoined(clock: 0), chatID: chatID, with: Fixtures.bob)
        #expect(throws: ValidationRejection.membershipEvent(index: 0, .zeroClock)) {
            try validator.validate(Protobuf_MembershipUpdateMessage(chatID: chatID, events: [zero]), nowMs: now, whisperTimestampMs: now)
        }
        var garbage = update
        garbage.events.append(Data([1, 2, 3]))
        #expect(throws: ValidationRejection.undecodableMembershipEvent(index: 2, .tooShort(3))) {
            try validator.validate(garbage, nowMs: now, whisperTimestampMs: now)
        }
        var withMessage = update
        var message = Self.validText()
        message.clock = now
        message.timestamp = now
        message.chatID = chatID
        message.messageType = .privateGroup
        withMessage.chatEntity = .message(message)
        #expect(throws: Never.self) { try validator.validate(withMessage, nowMs: now, whisperTimestampMs: now) }
        message.text = ""
        withMessage.chatEntity = .message(message)
        #expect(throws: ValidationRejection.emptyText) { try validator.validate(withMessage, nowMs: now, whisperTimestampMs: now) }
        var emptyChat = update
        emptyChat.chatID = ""
        #expect(throws: ValidationRejection.emptyChatID) { try validator.validate(emptyChat, nowMs: now, whisperTimestampMs: now) }
    }

    @Test("every rejection describes itself")
    func descriptions() {
        let all: [ValidationRejection] = [
            .zeroClock, .clockTooFarAhead(clock: 5, referenceMs: 1), .zeroTimestamp, .emptyText, .textTooLong(byteCount: 5000),
            .emptyChatID, .invalidMessageType(.unknownMessageType), .invalidContentType(.transactionCommand), .missingSticker,
            .emptyStickerHash, .missingMedia(.image), .emptyMedia(.audio), .unknownMediaType(.image),
            .mediaTooLarge(.audio, byteCount: 9, limit: 1), .emptyInstallationName, .emptyDeviceType, .emptyInstallationID,
            .emptyMessageID, .unknownEmojiReactionType, .undecodableMembershipEvent(index: 0, .tooShort(1)),
            .membershipEvent(index: 1, .zeroClock),
        ]
        #expect(Set(all.map(\.description)).count == all.count)
    }
}
