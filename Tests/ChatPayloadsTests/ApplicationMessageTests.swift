import Foundation
import Primitives
import Testing
@testable import ChatPayloads

@Suite("ApplicationMetadataMessage wrapping and message ids (wire-facts §5.2)")
struct ApplicationMessageTests {
    /// ChatMessage{clock=1, text="hi"} written by hand.
    static let chatPayload = Fixtures.bytes("08 01 1a 02 68 69")
    /// Computed independently with coincurve 21 + eth-hash (the Tests/Interop reference libraries):
    /// Sign65(keccak256(payload)) with keccak256("sec"), RFC 6979.
    static let referenceSignature = Fixtures.bytes(
        "c383c044ea0a89a7f699ac133ab8aab2c5208ca0f847bc24c310d5fe607673140b646be12d4aff8c482bad9cfa25fe2af517da8590437a688a9af21834999dd400")
    /// AMM{1: sig, 2: payload, 3: CHAT_MESSAGE} by hand: 0a 41 sig ‖ 12 06 payload ‖ 18 01.
    static let referenceAMM = [0x0a, 0x41] + referenceSignature + [0x12, 0x06] + chatPayload + [0x18, 0x01]
    /// keccak256(pub65 ‖ AMM), same oracle.
    static let referenceID = "0x687e22e0e76a563326ea12f2a1a9119a7980dbbc839a0588d34dba8956b602e2"

    @Test("wrap produces the reference AMM bytes, signature and id")
    func wrapMatchesReference() throws {
        let wrapped = try ApplicationMessage.wrap(Self.chatPayload, type: .chatMessage, signer: Fixtures.sec)
        #expect(wrapped.bytes == Self.referenceAMM)
        #expect(wrapped.id.hex == Self.referenceID)
        #expect(wrapped.type == .chatMessage)
    }

    @Test("unwrap recovers the signer and the id over the whole AMM with the pub65 key (errata #17)")
    func unwrapRecoversSigner() throws {
        let received = try ApplicationMessage.unwrap(Self.referenceAMM)
        #expect(received.signer == Fixtures.sec.publicKey)
        #expect(received.payload == Self.chatPayload)
        #expect(received.type == .chatMessage)
        #expect(received.id.hex == Self.referenceID)
        #expect(received.wrapped == Self.referenceAMM)
        let pub65 = Fixtures.sec.publicKey.uncompressed
        #expect(received.id.bytes == Keccak256.hash(pub65 + Self.referenceAMM))
        // The wrong rules give other ids: over the payload, with pub33, or without the key.
        #expect(received.id.bytes != Keccak256.hash(pub65 + Self.chatPayload))
        #expect(received.id.bytes != Keccak256.hash(Fixtures.sec.publicKey.compressed + Self.referenceAMM))
        #expect(received.id.bytes != Keccak256.hash(Self.referenceAMM))
        #expect(received.id.hex == "0x" + Hex.encode(received.id.bytes))
        #expect(received.id.hex == received.id.hex.lowercased())
    }

    @Test("sign/recover round trip with random keys and payloads; ids follow the bytes as received")
    func roundTrip() throws {
        for _ in 0..<20 {
            let key = PrivateKey.generate()
            let payload = SecureRandom.bytes(Int.random(in: 0...300))
            let wrapped = try ApplicationMessage.wrap(payload, type: .emojiReaction, signer: key)
            let received = try ApplicationMessage.unwrap(wrapped.bytes)
            #expect(received.signer == key.publicKey)
            #expect(received.payload == payload)
            #expect(received.type == .emojiReaction)
            #expect(received.id == wrapped.id)
        }
    }

    @Test("extra unknown field changes the id (it is over the bytes as received) but not the signer")
    func idOverBytesAsReceived() throws {
        let padded = Self.referenceAMM + [0x20, 0x07] // field 4 varint 7, unknown to the schema
        let received = try ApplicationMessage.unwrap(padded)
        #expect(received.signer == Fixtures.sec.publicKey)
        #expect(received.id.hex != Self.referenceID)
        #expect(received.id.bytes == Keccak256.hash(Fixtures.sec.publicKey.uncompressed + padded))
    }

    @Test("absent signature: no author, id = keccak256(W), author falls back to the envelope signer")
    func absentSignature() throws {
        let amm = [0x12, 0x06] + Self.chatPayload + [0x18, 0x01]
        let received = try ApplicationMessage.unwrap(amm)
        #expect(received.signer == nil)
        #expect(received.id.bytes == Keccak256.hash(amm))
        #expect(received.author(orEnvelopeSigner: nil) == nil)
        #expect(received.author(orEnvelopeSigner: Fixtures.bob.publicKey) == Fixtures.bob.publicKey)
        let signed = try ApplicationMessage.unwrap(Self.referenceAMM)
        #expect(signed.author(orEnvelopeSigner: Fixtures.bob.publicKey) == Fixtures.sec.publicKey)
    }

    @Test("a tampered payload recovers a different signer")
    func tamperedPayload() throws {
        var amm = Self.referenceAMM
        amm[amm.count - 3] ^= 0x01 // inside "hi"
        let received = try ApplicationMessage.unwrap(amm)
        #expect(received.signer != Fixtures.sec.publicKey)
    }

    @Test("short, long and V=27 signatures are typed errors")
    func badSignatures() {
        for signature in [Array(Self.referenceSignature.prefix(64)), Self.referenceSignature + [0], [0x01]] {
            let amm = [0x0a, UInt8(signature.count)] + signature + [0x12, 0x06] + Self.chatPayload
            #expect(throws: ApplicationMessageError.invalidSignature(.invalidSignatureLength(expected: 65, actual: signature.count))) {
                try ApplicationMessage.unwrap(amm)
            }
        }
        var v27 = Self.referenceSignature
        v27[64] = 27
        #expect(throws: ApplicationMessageError.invalidSignature(.invalidRecoveryID(27))) {
            try ApplicationMessage.unwrap([0x0a, 0x41] + v27 + [0x12, 0x06] + Self.chatPayload)
        }
        let zeroRS = [UInt8](repeating: 0, count: 65)
        #expect(throws: ApplicationMessageError.self) { try ApplicationMessage.unwrap([0x0a, 0x41] + zeroRS) }
    }

    @Test("wrapping a typed payload uses its AMM type")
    func typedWrap() throws {
        var reaction = Protobuf_EmojiReaction()
        reaction.clock = 3
        let wrapped = try ApplicationMessage.wrap(reaction, signer: Fixtures.alice)
        let received = try ApplicationMessage.unwrap(wrapped.bytes)
        #expect(received.type == .emojiReaction)
        #expect(try ChatPayload(received) == .emojiReaction(reaction))
        #expect(Protobuf_ChatMessage.applicationType == .chatMessage)
        #expect(Protobuf_ContactUpdate.applicationType == .contactUpdate)
        #expect(Protobuf_MembershipUpdateMessage.applicationType == .membershipUpdateMessage)
        #expect(Protobuf_PairInstallation.applicationType == .pairInstallation)
        #expect(Protobuf_GroupChatInvitation.applicationType == .groupChatInvitation)
    }

    @Test("payload decoding: known, ignored and unknown types")
    func payloadKinds() throws {
        var message = Protobuf_ChatMessage()
        message.clock = 1
        message.text = "hi"
        #expect(try ChatPayload(type: .chatMessage, payload: Self.chatPayload) == .chatMessage(message))
        #expect(try ChatPayload(type: .syncInstallation, payload: [0xff]) == .ignored(.syncInstallation))
        #expect(try ChatPayload(type: .pushNotificationQuery, payload: []) == .ignored(.pushNotificationQuery))
        #expect(try ChatPayload(type: .unknown, payload: [0xff]) == .unknown(rawType: 0))
        // AMM type 99 on the wire → UNRECOGNIZED → .unknown, not an error.
        let amm = try ApplicationMessage.unwrap([0x12, 0x01, 0x00, 0x18, 99])
        #expect(amm.type == .UNRECOGNIZED(99))
        #expect(try ChatPayload(amm) == .unknown(rawType: 99))
        #expect(throws: ChatPayloadError.self) { try ChatPayload(type: .chatMessage, payload: [0x08]) }
    }

    @Test("every wire-facts §5.2 type value")
    func typeValues() {
        let names: [(ApplicationMessageType, Int)] = [
            (.unknown, 0), (.chatMessage, 1), (.contactUpdate, 2), (.membershipUpdateMessage, 3), (.pairInstallation, 4),
            (.syncInstallation, 5), (.requestAddressForTransaction, 6), (.acceptRequestAddressForTransaction, 7),
            (.declineRequestAddressForTransaction, 8), (.requestTransaction, 9), (.sendTransaction, 10),
            (.declineRequestTransaction, 11), (.syncInstallationContact, 12), (.syncInstallationAccount, 13),
            (.syncInstallationPublicChat, 14), (.contactCodeAdvertisement, 15), (.pushNotificationRegistration, 16),
            (.pushNotificationRegistrationResponse, 17), (.pushNotificationQuery, 18), (.pushNotificationQueryResponse, 19),
            (.pushNotificationRequest, 20), (.pushNotificationResponse, 21), (.emojiReaction, 22), (.groupChatInvitation, 23),
        ]
        for (type, value) in names {
            #expect(type.rawValue == value)
            #expect(ApplicationMessageType(rawValue: value) == type)
        }
    }

    @Test("message id parsing")
    func messageIDParsing() throws {
        let id = try MessageID(hex: Self.referenceID)
        #expect(id.hex == Self.referenceID)
        #expect(try MessageID(hex: String(Self.referenceID.dropFirst(2))) == id)
        #expect(throws: MessageIDError.wrongLength(31)) { try MessageID(hex: String(Self.referenceID.dropLast(2))) }
        #expect(throws: MessageIDError.self) { try MessageID(hex: "0xzz") }
        #expect(!MessageIDError.wrongLength(3).description.isEmpty)
    }
}
