import Accounts
import Foundation

/// What `parley account show` and friends print about one account: human-readable lines or JSON.
struct AccountSummary {
    let entry: AccountStore.Entry
    let words: AliasWordLists

    var chatKey: ChatKey { entry.file.chatKey }
    var name: String { ThreeWordName.generate(for: chatKey.publicKey, words: words) }
    var identicon: Identicon { Identicon(chatKey: chatKey) }

    /// Whether to colour terminal output: stdout is a terminal and NO_COLOR is unset.
    static var useColour: Bool {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }

    /// The name, the identicon and every form of the key.
    func lines() -> [String] {
        var out = [name, ""]
        out += identicon.terminalRows(colour: AccountSummary.useColour).map { "  " + $0 }
        out.append("")
        out += [
            "chat key     \(chatKey.statusID)",
            "compressed   \(chatKey.compressedHex)",
            "zQ3          \(chatKey.zq3)",
            "address      \(chatKey.address)   (chat key, m/43'/60'/1581'/0'/0)",
            "wallet       \(entry.file.walletAddress)   (m/44'/60'/0'/0/0)",
            "created      \(entry.file.created)",
            "file         \(entry.path)",
        ]
        return out
    }

    /// `chatKey`, `compressedKey`, `zq3`, `address`, `name`, plus the wallet address, identicon and file.
    func json() throws -> String {
        let object: [String: Any] = [
            "chatKey": chatKey.statusID,
            "compressedKey": chatKey.compressedHex,
            "zq3": chatKey.zq3,
            "address": chatKey.address,
            "name": name,
            "walletAddress": entry.file.walletAddress,
            "identicon": try identicon.pngDataURI(),
            "created": entry.file.created,
            "file": entry.path,
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
