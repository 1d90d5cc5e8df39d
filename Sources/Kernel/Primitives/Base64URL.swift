import Foundation

/// RFC 4648 §5 URL-safe base64 without padding — the ENR text form `enr:…` (wire-facts §0.7, §1.7).
///
/// Encoding never pads; decoding accepts input with or without `=` padding but rejects any character
/// outside `A–Z a–z 0–9 - _` (standard base64's `+` and `/` included) and impossible lengths.
public enum Base64URL {
    /// Unpadded URL-safe base64.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        var text = Data(bytes).base64EncodedString()
        while text.last == "=" { text.removeLast() }
        return String(text.map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 })
    }

    /// Decodes URL-safe base64 (padding optional).
    public static func decode(_ text: String) throws -> [UInt8] {
        var characters = Array(text.utf8)
        var padding = 0
        while characters.last == UInt8(ascii: "=") { characters.removeLast(); padding += 1 }
        for (position, character) in characters.enumerated() {
            switch character {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                continue
            default:
                throw Base64URLError.invalidCharacter(position: position, character: character)
            }
        }
        guard characters.count % 4 != 1 else { throw Base64URLError.invalidLength(characters.count) }
        let expectedPadding = (4 - characters.count % 4) % 4
        guard padding == 0 || padding == expectedPadding else { throw Base64URLError.invalidPadding }
        var standard = characters.map { $0 == UInt8(ascii: "-") ? UInt8(ascii: "+") : $0 == UInt8(ascii: "_") ? UInt8(ascii: "/") : $0 }
        standard.append(contentsOf: repeatElement(UInt8(ascii: "="), count: expectedPadding))
        guard let data = Data(base64Encoded: Data(standard)) else { throw Base64URLError.invalidLength(characters.count) }
        return Array(data)
    }
}

/// Why text is not URL-safe base64.
public enum Base64URLError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A character outside the URL-safe alphabet.
    case invalidCharacter(position: Int, character: UInt8)
    /// A length no base64 encoding can have (one character left over).
    case invalidLength(Int)
    /// Some but not the right amount of `=` padding.
    case invalidPadding

    public var description: String {
        switch self {
        case .invalidCharacter(let position, let character):
            let shown = (0x20..<0x7f).contains(character) ? "'\(Character(Unicode.Scalar(character)))'" : "byte 0x\(Hex.encode([character]))"
            return "base64url text has \(shown) at position \(position); only A-Z, a-z, 0-9, '-' and '_' are allowed"
        case .invalidLength(let count):
            return "base64url text of \(count) characters cannot be decoded (a length of 4k+1 is impossible)"
        case .invalidPadding:
            return "base64url text has the wrong amount of '=' padding"
        }
    }
}
