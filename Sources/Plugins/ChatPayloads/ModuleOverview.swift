// ChatPayloads — the Status chat payload layer (wire-facts §5; status-go v0.62 `protocol/protobuf`, `protocol/v1`).
//
// A library with no node code, testable with vectors alone. Follows errata #17 (message id over pub65 ‖ the
// whole AMM) and #26 (every ChatMessage carries a non-empty text, media included).
//
//   - Protobufs (package `protobuf`, generated into `Proto/` from `proto/ChatPayloads/*.proto` by
//     `scripts/gen-protos.sh`): ApplicationMetadataMessage, ChatMessage + Sticker/Image/AudioMessage,
//     EmojiReaction, ContactUpdate, GroupChatInvitation, PairInstallation, MembershipUpdateMessage/Event.
//   - Wrapping (§5.1/§5.2): `ApplicationMessage.wrap` signs a payload into an AMM; `ApplicationMessage.unwrap`
//     recovers the signer and computes the `MessageID`; `ChatPayload` decodes the typed payload (unknown
//     types become `.unknown`, never an error that traps).
//   - Validation on receive (§5.5): `MessageValidator` → `ValidationRejection`, with `MediaLimits` caps.
//   - Media sniffing (§5.8): `MediaSniffer`.
//   - Lamport clock (§5.6): `ChatClock`, `ClockTick`.
//   - Chat ids (§2.7, §5.4): `ChatID`, `ChatTarget`.
//   - Private groups (§5.7): `GroupEvents` (builders), `SignedGroupEvent` (sign/verify), `GroupState` (replay).
//   - Builders for the messenger: `ChatMessages`, `EmojiReactions`.
//
// Rules: decoders throw typed errors or return typed rejections for malformed input and never trap.
