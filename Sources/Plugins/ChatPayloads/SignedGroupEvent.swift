import Primitives

/// One private-group membership event with its author, as it travels in
/// `MembershipUpdateMessage.events`: `signature(65) ‖ protobuf(MembershipUpdateEvent)`, signed over
/// `keccak256(utf8(chat_id) ‖ eventBytes)` (wire-facts §5.7). Exists so events are only ever handled with a
/// recovered author; the event bytes are kept exactly as signed.
public struct SignedGroupEvent: Sendable, Equatable {
    /// The group the signature binds the event to.
    public let chatID: String
    /// The decoded event.
    public let event: Protobuf_MembershipUpdateEvent
    /// The event's protobuf bytes exactly as signed.
    public let eventBytes: [UInt8]
    /// The 65-byte signature.
    public let signature: RecoverableSignature
    /// The recovered signer (the event's "from").
    public let author: PublicKey

    /// `"0x" + hex65(author)`, the form member lists use.
    public var authorID: String { ChatID.oneToOne(author) }

    /// `signature ‖ eventBytes`, one element of `MembershipUpdateMessage.events`.
    public var wireBytes: [UInt8] { signature.bytes + eventBytes }

    /// Encodes and signs `event` for `chatID` with `key`.
    public static func sign(_ event: Protobuf_MembershipUpdateEvent, chatID: String,
                            with key: PrivateKey) throws(GroupEventError) -> SignedGroupEvent {
        guard !chatID.isEmpty else { throw .emptyChatID }
        let bytes: [UInt8]
        switch event.encodedBytes() {
        case .success(let encoded): bytes = encoded
        case .failure(let failure): throw .malformedEvent(failure)
        }
        do {
            let signature = try key.signRecoverable(digest: digest(chatID: chatID, eventBytes: bytes))
            return SignedGroupEvent(chatID: chatID, event: event, eventBytes: bytes, signature: signature, author: key.publicKey)
        } catch let error as Secp256k1Error {
            throw .invalidSignature(error)
        } catch {
            throw .signingFailed(String(describing: error))
        }
    }

    /// Splits, verifies and decodes one wire event of group `chatID`. More than 65 bytes are required
    /// (status-go: `len(raw) <= 65` is an error).
    public init(decoding raw: [UInt8], chatID: String) throws(GroupEventError) {
        guard raw.count > 65 else { throw .tooShort(raw.count) }
        let eventBytes = Array(raw[65...])
        let signature: RecoverableSignature
        let author: PublicKey
        do {
            signature = try RecoverableSignature(bytes65: raw[0..<65])
            author = try signature.recoverPublicKey(digest: Self.digest(chatID: chatID, eventBytes: eventBytes))
        } catch {
            throw .invalidSignature(error as? Secp256k1Error ?? .invalidSignature)
        }
        switch Protobuf_MembershipUpdateEvent.parsing(eventBytes) {
        case .success(let event):
            self.init(chatID: chatID, event: event, eventBytes: eventBytes, signature: signature, author: author)
        case .failure(let failure):
            throw .malformedEvent(failure)
        }
    }

    private init(chatID: String, event: Protobuf_MembershipUpdateEvent, eventBytes: [UInt8],
                 signature: RecoverableSignature, author: PublicKey) {
        self.chatID = chatID
        self.event = event
        self.eventBytes = eventBytes
        self.signature = signature
        self.author = author
    }

    /// `keccak256(utf8(chatID) ‖ eventBytes)`.
    static func digest(chatID: String, eventBytes: [UInt8]) -> [UInt8] {
        var hasher = Keccak256()
        hasher.update(Array(chatID.utf8))
        hasher.update(eventBytes)
        return hasher.digest()
    }
}

/// Why a membership event could not be signed or decoded.
public enum GroupEventError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The wire event is not longer than its 65-byte signature.
    case tooShort(Int)
    /// The signature is malformed or recovers no key.
    case invalidSignature(Secp256k1Error)
    /// The bytes after the signature are not a MembershipUpdateEvent (or the event did not encode).
    case malformedEvent(ProtobufFailure)
    /// Events are signed over the chat id, which must not be empty.
    case emptyChatID
    /// The key could not sign.
    case signingFailed(String)

    public var description: String {
        switch self {
        case .tooShort(let count):
            return "membership event is \(count) bytes; it must be a 65-byte signature followed by the event"
        case .invalidSignature(let error):
            return "membership event signature is unusable: \(error)"
        case .malformedEvent(let failure):
            return "membership event does not decode: \(failure)"
        case .emptyChatID:
            return "membership events are signed over the group's chat id, which is empty"
        case .signingFailed(let reason):
            return "could not sign the membership event: \(reason)"
        }
    }
}
