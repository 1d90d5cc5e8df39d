import ChatPayloads
import Primitives

/// A chat named by a user: a contact's key, a public chat name or a group id.
public enum ChatReference: Sendable, Hashable {
    case oneToOne(PublicKey)
    case publicChat(String)
    case group(String)

    /// The local chat id (wire-facts §2.7 last bullet).
    public var chatID: String {
        switch self {
        case .oneToOne(let key): return ChatID.oneToOne(key)
        case .publicChat(let name): return name
        case .group(let id): return id
        }
    }

    /// Parses what a user typed: `#name` is a public chat, a key (`0x04…`, `zQ3…`) a contact, else a group id.
    public init(parsing text: String, parseKey: (String) -> PublicKey?) {
        if text.hasPrefix("#") {
            self = .publicChat(String(text.dropFirst()))
        } else if text.contains("-0x04") {
            self = .group(text)
        } else if let key = parseKey(text) {
            self = .oneToOne(key)
        } else {
            self = .publicChat(text)
        }
    }
}

/// The public key a `"0x04…"` chat id or member id names, or nil if it names none.
func keyNamed(byChatID id: String) -> PublicKey? {
    guard id.hasPrefix("0x"), let bytes = try? Hex.decode(String(id.dropFirst(2))) else { return nil }
    return try? PublicKey(bytes: bytes)
}
