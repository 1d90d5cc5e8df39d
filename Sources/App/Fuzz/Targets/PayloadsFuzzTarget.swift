import ChatPayloads
import DataSync
import Foundation
import Primitives
import SecureChannel
import SwiftProtobuf

extension FuzzTarget {
    /// Every protobuf payload a chat node decodes (ChatPayloads, DataSync, SecureChannel). The first byte
    /// picks the decoder (mod 11): 0 — ApplicationMetadataMessage unwrap, then the typed payload and its
    /// validation; 1…6 — one typed payload (ChatMessage, ContactUpdate, MembershipUpdateMessage,
    /// PairInstallation, EmojiReaction, GroupChatInvitation) and its validation; 7 — MVDS payload detection,
    /// each carried message read as an AMM; 8 — ProtocolMessage and its bundles' signatures; 9 — Bundle;
    /// 10 — one signed group event and a replay. Validation uses the fixed clock `FuzzFixtures.now`.
    public static let payloads = FuzzTarget(
        name: "payloads",
        summary: "AMM unwrap + ChatPayload + MessageValidator, each typed payload, MVDS detect, ProtocolMessage/Bundle, group events",
        run: { input in
            guard let selector = input.first else { return }
            let rest = Array(input.dropFirst())
            switch selector % 11 {
            case 0: PayloadChecks.application(rest)
            case 1...6: PayloadChecks.typed(rest, type: PayloadChecks.types[Int(selector % 11) - 1])
            case 7:
                if case .payload(let payload) = SyncPayload.detect(rest) {
                    _ = payload.encoded()
                    for message in payload.messages.prefix(8) { PayloadChecks.application(message.body) }
                }
            case 8:
                if let message = try? Encryption_ProtocolMessage(serializedBytes: rest) {
                    for bundle in message.bundles.prefix(4) { _ = try? bundle.verifiedIdentity() }
                }
            case 9:
                if let bundle = try? Encryption_Bundle(serializedBytes: rest) { _ = try? bundle.verifiedIdentity() }
            default:
                _ = try? SignedGroupEvent(decoding: rest, chatID: PayloadChecks.groupChatID)
                _ = GroupState.replay(chatID: PayloadChecks.groupChatID, wireEvents: [rest])
            }
        },
        seeds: { PayloadSeeds.all() })
}

/// The receive-side chain after decoding: what the messenger checks before acting on a payload.
enum PayloadChecks {
    static let types: [ApplicationMessageType] = [
        .chatMessage, .contactUpdate, .membershipUpdateMessage, .pairInstallation, .emojiReaction, .groupChatInvitation,
    ]
    static let groupChatID = "fuzz-group-0x" + Hex.encode(FuzzFixtures.keyA.publicKey.uncompressed)
    static let timestampMs = UInt64(FuzzFixtures.now) * 1000

    static func application(_ bytes: [UInt8]) {
        guard let message = try? ApplicationMessage.unwrap(bytes), let payload = try? ChatPayload(message) else { return }
        validate(payload)
    }

    static func typed(_ bytes: [UInt8], type: ApplicationMessageType) {
        guard let payload = try? ChatPayload(type: type, payload: bytes) else { return }
        validate(payload)
    }

    static func validate(_ payload: ChatPayload) {
        let validator = MessageValidator()
        switch payload {
        case .chatMessage(let message): _ = try? validator.validate(message, whisperTimestampMs: timestampMs)
        case .pairInstallation(let pairing): _ = try? validator.validate(pairing, whisperTimestampMs: timestampMs)
        case .emojiReaction(let reaction): _ = try? validator.validate(reaction, whisperTimestampMs: timestampMs)
        case .groupChatInvitation(let invitation): _ = try? validator.validate(invitation)
        case .membershipUpdate(let update):
            if let events = try? validator.validate(update, nowMs: timestampMs, whisperTimestampMs: timestampMs) {
                _ = GroupState.replay(chatID: update.chatID, events: events)
            }
            _ = GroupState.replay(update)
        case .contactUpdate, .ignored, .unknown: break
        }
    }
}
