import Foundation
import Primitives
import Testing
@testable import ChatPayloads

/// Truncated, garbage and random input: typed errors or values, never a trap.
@Suite("Malformed input never traps")
struct MalformedInputTests {
    @Test("every prefix of a real AMM: error or a decoded value, never a trap")
    func truncatedAMM() throws {
        let text = try ChatMessages.text("hello there", to: .publicChat("status"), tick: ClockTick(clock: 5, timestampMs: 5))
        let wrapped = try ApplicationMessage.wrap(text, signer: Fixtures.alice)
        var errors = 0
        for length in 0..<wrapped.bytes.count {
            do {
                let received = try ApplicationMessage.unwrap(Array(wrapped.bytes.prefix(length)))
                _ = try? ChatPayload(received)
            } catch {
                errors += 1
                #expect(!error.description.isEmpty)
            }
        }
        #expect(errors > 0)
        #expect(throws: ApplicationMessageError.self) { try ApplicationMessage.unwrap([0x0a, 0x41, 0x01]) } // length past end
        #expect(throws: ApplicationMessageError.self) { try ApplicationMessage.unwrap([0x18, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]) }
        #expect(throws: ApplicationMessageError.self) { try ApplicationMessage.unwrap([0x0f]) } // wire type 7
    }

    @Test("invalid UTF-8 in a string field is a typed payload error")
    func invalidUTF8() {
        #expect(throws: ChatPayloadError.self) { try ChatPayload(type: .chatMessage, payload: [0x1a, 0x02, 0xc3, 0x28]) }
        #expect(throws: ChatPayloadError.self) { try ChatPayload(type: .emojiReaction, payload: [0x12, 0x01, 0xff]) }
    }

    @Test("random bytes through every decoder")
    func randomBytes() {
        var generator = SystemRandomNumberGenerator()
        let types: [ApplicationMessageType] = [.chatMessage, .contactUpdate, .membershipUpdateMessage, .pairInstallation,
                                               .emojiReaction, .groupChatInvitation, .syncInstallation, .UNRECOGNIZED(77)]
        let validator = MessageValidator()
        for round in 0..<3000 {
            let count = Int.random(in: 0...120, using: &generator)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = try? ApplicationMessage.unwrap(bytes)
            if let payload = try? ChatPayload(type: types[round % types.count], payload: bytes) {
                switch payload {
                case .chatMessage(let message): _ = try? validator.validate(message, whisperTimestampMs: 1)
                case .membershipUpdate(let update):
                    _ = try? validator.validate(update, nowMs: 1, whisperTimestampMs: 1)
                    _ = GroupState.replay(update)
                case .emojiReaction(let reaction): _ = try? validator.validate(reaction, whisperTimestampMs: 1)
                case .pairInstallation(let pairing): _ = try? validator.validate(pairing, whisperTimestampMs: 1)
                default: break
                }
            }
            _ = try? SignedGroupEvent(decoding: bytes, chatID: "g")
            _ = MediaSniffer.sniff(bytes)
            _ = try? ChatID.groupCreator(of: String(decoding: bytes, as: UTF8.self))
            _ = try? ChatID.publicChat(String(decoding: bytes, as: UTF8.self))
            _ = try? MessageID(hex: String(decoding: bytes, as: UTF8.self))
        }
        let wire = (0..<50).map { _ in (0..<Int.random(in: 0...200, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) } }
        let state = GroupState.replay(chatID: Fixtures.secGroupID, wireEvents: wire)
        #expect(state.applied.isEmpty)
        #expect(state.skipped.count == 50)
    }

    @Test("a valid signature over garbage event bytes is a malformed-event error")
    func signedGarbageEvent() throws {
        let garbage: [UInt8] = [0x08] // truncated varint
        let digest = Keccak256.hash(Array("g".utf8) + garbage)
        let signature = try Fixtures.alice.signRecoverable(digest: digest)
        #expect {
            try SignedGroupEvent(decoding: signature.bytes + garbage, chatID: "g")
        } throws: { error in
            if case .malformedEvent = error as? GroupEventError { return true }
            return false
        }
    }
}
