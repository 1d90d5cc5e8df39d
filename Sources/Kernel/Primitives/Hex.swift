/// Lower-case hexadecimal text for bytes, as every Parley log, key file and test vector uses it.
///
/// `encode` never adds a `0x` prefix (wire-facts conventions); `decode` accepts one, so Status-style
/// `"0x04…"` keys can be read directly.
public enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Lower-case hex, two characters per byte, no prefix.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses hex text (either case) with an optional `0x`/`0X` prefix.
    public static func decode(_ text: String) throws -> [UInt8] {
        var utf8 = Array(text.utf8)
        if utf8.count >= 2, utf8[0] == UInt8(ascii: "0"), utf8[1] == UInt8(ascii: "x") || utf8[1] == UInt8(ascii: "X") {
            utf8.removeFirst(2)
        }
        guard utf8.count % 2 == 0 else { throw HexError.oddLength(utf8.count) }
        var out = [UInt8]()
        out.reserveCapacity(utf8.count / 2)
        var index = 0
        while index + 1 < utf8.count {
            guard let high = nibble(utf8[index]) else { throw HexError.invalidCharacter(position: index, character: utf8[index]) }
            guard let low = nibble(utf8[index + 1]) else { throw HexError.invalidCharacter(position: index + 1, character: utf8[index + 1]) }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    @inline(__always) private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c &- UInt8(ascii: "A") &+ 10
        default: return nil
        }
    }
}

/// Why a string is not valid hex.
public enum HexError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The digits (after any `0x`) do not pair up into bytes.
    case oddLength(Int)
    /// A character outside `0-9a-fA-F`; `position` counts from after any `0x` prefix.
    case invalidCharacter(position: Int, character: UInt8)

    public var description: String {
        switch self {
        case .oddLength(let count):
            return "hex text has \(count) digits; it needs an even number (two per byte)"
        case .invalidCharacter(let position, let character):
            let shown = (0x20..<0x7f).contains(character) ? "'\(Character(Unicode.Scalar(character)))'" : "byte 0x\(Hex.encode([character]))"
            return "hex text has \(shown) at digit \(position); only 0-9, a-f and A-F are allowed"
        }
    }
}
