/// How YAML scalar text becomes booleans and numbers — one definition, used by the decoder.
///
/// Deliberately narrower than YAML 1.1 (no sexagesimals, no `y`/`n`) and wider than Swift's
/// initialisers where people expect it (`yes`/`on`, `0x` hex, `1_000`).
enum ScalarParsing {
    static let boolExpectation = "true or false (also yes/no, on/off)"

    static func bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: return nil
        }
    }

    static func integerExpectation<T: FixedWidthInteger>(_ type: T.Type) -> String {
        "an integer in \(T.min)…\(T.max)"
    }

    /// Decimal, `0x` hex, `0o` octal or `0b` binary, optional sign, `_` separators; nil if not an
    /// integer or out of `T`'s range.
    static func integer<T: FixedWidthInteger>(_ text: String) -> T? {
        var body = Substring(text.filter { $0 != "_" })
        var sign = ""
        if let first = body.first, first == "-" || first == "+" {
            sign = first == "-" ? "-" : ""
            body = body.dropFirst()
        }
        var radix = 10
        for (prefix, base) in [("0x", 16), ("0X", 16), ("0o", 8), ("0b", 2)] where body.hasPrefix(prefix) {
            radix = base
            body = body.dropFirst(2)
            break
        }
        guard !body.isEmpty, body.allSatisfy({ $0.isHexDigit && Int(String($0), radix: radix) != nil }) else { return nil }
        return T(sign + body, radix: radix)
    }

    /// Decimal or exponent notation, integers, and YAML's `.inf`, `-.inf`, `.nan`.
    static func double(_ text: String) -> Double? {
        switch text.lowercased() {
        case ".inf", "+.inf": return .infinity
        case "-.inf": return -.infinity
        case ".nan": return .nan
        default: break
        }
        let cleaned = text.filter { $0 != "_" }
        guard !cleaned.isEmpty, cleaned.allSatisfy({ $0.isNumber || "+-.eE".contains($0) }) else { return nil }
        return Double(cleaned)
    }
}
