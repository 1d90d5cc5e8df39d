import Foundation
import Primitives

/// Local chat ids (wire-facts §2.7 last bullet, §5.4, §5.7). Exists so every module spells chat ids and
/// member keys the same way status-go does: 1:1 `"0x" + hex65(pub)`, public chat = its name, private
/// group = `uuid4 + "-" + "0x" + hex65(creator)`.
public enum ChatID {
    /// `"0x" + hex65(pub)`: the 1:1 chat id, and how group events name members.
    public static func oneToOne(_ key: PublicKey) -> String { "0x" + Hex.encode(key.uncompressed) }

    /// A public chat's id: the name itself, once it passes `validatePublicChatName`.
    public static func publicChat(_ name: String) throws(ChatIDError) -> String {
        try validatePublicChatName(name)
        return name
    }

    /// A new private group id for `creator`: a random (or given) UUIDv4 in Go's lower-case form.
    public static func privateGroup(creator: PublicKey, uuid: UUID = UUID()) -> String {
        uuid.uuidString.lowercased() + "-" + oneToOne(creator)
    }

    /// The creator key named by a private group id (its `-0x04…` suffix), or an error saying what is wrong.
    /// The UUID part is not checked (status-go does not check it either).
    public static func groupCreator(of chatID: String) throws(ChatIDError) -> PublicKey {
        let suffixLength = 1 + 2 + 130
        let utf8 = Array(chatID.utf8)
        guard utf8.count > suffixLength, utf8[utf8.count - suffixLength] == UInt8(ascii: "-") else {
            throw .notAGroupID(chatID)
        }
        let keyText = String(decoding: utf8[(utf8.count - suffixLength + 1)...], as: UTF8.self)
        guard keyText.hasPrefix("0x04"), keyText == keyText.lowercased() else { throw .notAGroupID(chatID) }
        do {
            return try PublicKey(bytes: Hex.decode(keyText))
        } catch {
            throw .notAGroupID(chatID)
        }
    }

    /// Public chat names as the Status apps accept them: non-empty, only `a-z`, `0-9` and `-`
    /// (status-react's `^[a-z0-9\-]+$`). The name is hashed into the topic and key as-is, so two
    /// spellings are two different chats; refusing capitals and spaces keeps users in the same room.
    public static func validatePublicChatName(_ name: String) throws(ChatIDError) {
        guard !name.isEmpty else { throw .emptyPublicChatName }
        for scalar in name.unicodeScalars {
            switch scalar {
            case "a"..."z", "0"..."9", "-": continue
            default: throw .invalidPublicChatName(name, offending: Character(scalar))
            }
        }
    }
}

/// Why a chat id or public chat name is not usable.
public enum ChatIDError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The public chat name is empty.
    case emptyPublicChatName
    /// The public chat name has a character outside a-z, 0-9 and '-'.
    case invalidPublicChatName(String, offending: Character)
    /// The text does not end with `-0x04…` and a valid public key.
    case notAGroupID(String)

    public var description: String {
        switch self {
        case .emptyPublicChatName:
            return "public chat name is empty"
        case .invalidPublicChatName(let name, let offending):
            return "public chat name \"\(name)\" contains '\(offending)'; use only lower-case letters a-z, digits and '-'"
        case .notAGroupID(let text):
            return "\"\(text)\" is not a private group id (uuid + \"-0x04\" + 128 hex digits of the creator's key)"
        }
    }
}
