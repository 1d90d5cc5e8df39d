import Foundation
import Testing
@testable import ChatPayloads

/// Hand-written protobuf bytes (tag = field << 3 | wire type) decode to the expected fields and the
/// fields encode back to the same bytes — proving every field number of wire-facts §5.2/§5.3/§5.7.
@Suite("Protobuf field numbers (hand-built bytes)")
struct ProtobufWireTests {
    static func roundTrip<M: ApplicationPayload & Equatable>(_ hex: String, _ expected: M) throws {
        let bytes = Fixtures.bytes(hex)
        let decoded = try M.parsing(bytes).get()
        #expect(decoded == expected)
        #expect(Fixtures.encode(expected) == bytes)
    }

    @Test("ChatMessage clock=1, text=\"hi\" is 08 01 1a 02 68 69")
    func minimalChatMessage() throws {
        var message = Protobuf_ChatMessage()
        message.clock = 1
        message.text = "hi"
        try Self.roundTrip("08 01 1a 02 68 69", message)
    }

    @Test("ChatMessage fields 1-8 and the sticker (9)")
    func chatMessageWithSticker() throws {
        var message = Protobuf_ChatMessage()
        message.clock = 1
        message.timestamp = 2
        message.text = "hi"
        message.responseTo = "r"
        message.ensName = "e"
        message.chatID = "c"
        message.messageType = .publicGroup
        message.contentType = .sticker
        var sticker = Protobuf_StickerMessage()
        sticker.hash = "h"
        sticker.pack = 5
        message.payload = .sticker(sticker)
        try Self.roundTrip("08 01 10 02 1a 02 68 69 22 01 72 2a 01 65 32 01 63 38 02 40 02 4a 05 0a 01 68 10 05", message)
    }

    @Test("ImageMessage in field 10: payload 1, type 2")
    func chatMessageWithImage() throws {
        var message = Protobuf_ChatMessage()
        message.contentType = .image
        var image = Protobuf_ImageMessage()
        image.payload = Data([0xff, 0xd8, 0xff])
        image.type = .jpeg
        message.payload = .image(image)
        try Self.roundTrip("40 07 52 07 0a 03 ff d8 ff 10 02", message)
    }

    @Test("AudioMessage in field 11: payload 1, type 2, duration_ms 3")
    func chatMessageWithAudio() throws {
        var message = Protobuf_ChatMessage()
        message.contentType = .audio
        var audio = Protobuf_AudioMessage()
        audio.payload = Data([0xff, 0xf1])
        audio.type = .aac
        audio.durationMs = 1000
        message.payload = .audio(audio)
        try Self.roundTrip("40 08 5a 09 0a 02 ff f1 10 01 18 e8 07", message)
    }

    @Test("EmojiReaction fields 1-6")
    func emojiReaction() throws {
        var reaction = Protobuf_EmojiReaction()
        reaction.clock = 7
        reaction.chatID = "c"
        reaction.messageID = "0x"
        reaction.messageType = .oneToOne
        reaction.type = .thumbsUp
        reaction.retracted = true
        try Self.roundTrip("08 07 12 01 63 1a 02 30 78 20 01 28 02 30 01", reaction)
    }

    @Test("ContactUpdate fields 1-3")
    func contactUpdate() throws {
        var update = Protobuf_ContactUpdate()
        update.clock = 1
        update.ensName = "ens"
        update.profileImage = "img"
        try Self.roundTrip("08 01 12 03 65 6e 73 1a 03 69 6d 67", update)
    }

    @Test("GroupChatInvitation fields 1-4")
    func groupChatInvitation() throws {
        var invitation = Protobuf_GroupChatInvitation()
        invitation.clock = 1
        invitation.chatID = "c"
        invitation.introductionMessage = "hi"
        invitation.state = .approved
        try Self.roundTrip("08 01 12 01 63 1a 02 68 69 20 03", invitation)
    }

    @Test("PairInstallation fields 1-4")
    func pairInstallation() throws {
        var pairing = Protobuf_PairInstallation()
        pairing.clock = 9
        pairing.installationID = "id"
        pairing.deviceType = "ios"
        pairing.name = "phone"
        try Self.roundTrip("08 09 12 02 69 64 1a 03 69 6f 73 22 05 70 68 6f 6e 65", pairing)
    }

    @Test("MembershipUpdateEvent fields 1-4 (members repeated)")
    func membershipUpdateEvent() throws {
        var event = Protobuf_MembershipUpdateEvent()
        event.clock = 5
        event.members = ["m1", "m2"]
        event.name = "team"
        event.type = .membersAdded
        let bytes = Fixtures.bytes("08 05 12 02 6d 31 12 02 6d 32 1a 04 74 65 61 6d 20 03")
        #expect(try Protobuf_MembershipUpdateEvent.parsing(bytes).get() == event)
        #expect(try event.encodedBytes().get() == bytes)
    }

    @Test("MembershipUpdateMessage fields 1-4 (message 3 / emoji_reaction 4 oneof)")
    func membershipUpdateMessage() throws {
        var update = Protobuf_MembershipUpdateMessage()
        update.chatID = "c"
        update.events = [Data([0xaa, 0xbb, 0xcc])]
        var message = Protobuf_ChatMessage()
        message.clock = 1
        update.chatEntity = .message(message)
        try Self.roundTrip("0a 01 63 12 03 aa bb cc 1a 02 08 01", update)
        var reaction = Protobuf_EmojiReaction()
        reaction.clock = 1
        update.chatEntity = .emojiReaction(reaction)
        try Self.roundTrip("0a 01 63 12 03 aa bb cc 22 02 08 01", update)
    }

    @Test("ApplicationMetadataMessage fields 1-3")
    func applicationMetadataMessage() throws {
        var amm = Protobuf_ApplicationMetadataMessage()
        amm.signature = Data([0xaa])
        amm.payload = Data([0xbb])
        amm.type = .groupChatInvitation
        let bytes = Fixtures.bytes("0a 01 aa 12 01 bb 18 17")
        #expect(try Protobuf_ApplicationMetadataMessage.parsing(bytes).get() == amm)
        #expect(try amm.encodedBytes().get() == bytes)
    }

    @Test("enum values of wire-facts §5.3 and §5.7")
    func enumValues() {
        #expect([Protobuf_MessageType.unknownMessageType, .oneToOne, .publicGroup, .privateGroup, .systemMessagePrivateGroup]
            .map(\.rawValue) == [0, 1, 2, 3, 4])
        #expect([Protobuf_ChatMessage.ContentType.unknownContentType, .textPlain, .sticker, .status, .emoji, .transactionCommand,
                 .systemMessageContentPrivateGroup, .image, .audio].map(\.rawValue) == Array(0...8))
        #expect([Protobuf_ImageType.unknownImageType, .png, .jpeg, .webp, .gif].map(\.rawValue) == [0, 1, 2, 3, 4])
        #expect([Protobuf_AudioMessage.AudioType.unknownAudioType, .aac, .amr].map(\.rawValue) == [0, 1, 2])
        #expect([Protobuf_EmojiReaction.TypeEnum.unknownEmojiReactionType, .love, .thumbsUp, .thumbsDown, .laugh, .sad, .angry]
            .map(\.rawValue) == Array(0...6))
        #expect([Protobuf_GroupChatInvitation.State.unknown, .request, .rejected, .approved].map(\.rawValue) == [0, 1, 2, 3])
        #expect([Protobuf_MembershipUpdateEvent.EventType.unknown, .chatCreated, .nameChanged, .membersAdded, .memberJoined,
                 .memberRemoved, .adminsAdded, .adminRemoved].map(\.rawValue) == Array(0...7))
    }
}
