import Synchronization

/// Spelling of setting names: YAML profiles use kebab-case (`max-peers`), Swift config types use
/// camelCase coding keys (`maxPeers`). The decoder maps between them so config types need no
/// hand-written `CodingKeys` raw values.
enum KeyStyle {
    /// Spellings already worked out: config types have a few dozen coding keys, asked for on every decode.
    private static let kebabCache = Mutex<[String: String]>([:])

    /// `maxPeers` → `max-peers`, `gracePeriodSeconds` → `grace-period-seconds`, `peerURL` → `peer-url`.
    /// Names without capitals are returned unchanged.
    static func kebab(_ name: String) -> String {
        if let known = kebabCache.withLock({ $0[name] }) { return known }
        let spelled = spell(name)
        kebabCache.withLock { cache in if cache.count < 4096 { cache[name] = spelled } }
        return spelled
    }

    private static func spell(_ name: String) -> String {
        if let ascii = asciiKebab(name) { return ascii }
        let scalars = Array(name.unicodeScalars)
        guard scalars.contains(where: isUpper) else { return name }
        var out = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            if isUpper(scalar), index > 0 {
                let before = scalars[index - 1]
                let after = index + 1 < scalars.count ? scalars[index + 1] : nil
                let startsWord = isLower(before) || isDigit(before) || (isUpper(before) && after.map(isLower) == true)
                if startsWord && before != "-" && before != "_" { out.append("-") }
            }
            out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
        }
        return String(out)
    }

    /// `kebab` for ASCII names (every coding key in Parley) without Unicode property lookups: the
    /// decoder calls it for each key of each plugin on every profile load. nil for non-ASCII names.
    private static func asciiKebab(_ name: String) -> String? {
        let bytes = Array(name.utf8)
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        func upper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
        func lower(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7A }
        func digit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        guard bytes.contains(where: upper) else { return name }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 4)
        for (index, byte) in bytes.enumerated() {
            if upper(byte), index > 0 {
                let before = bytes[index - 1]
                let after = index + 1 < bytes.count ? bytes[index + 1] : nil
                let startsWord = lower(before) || digit(before) || (upper(before) && after.map(lower) == true)
                if startsWord && before != UInt8(ascii: "-") && before != UInt8(ascii: "_") { out.append(UInt8(ascii: "-")) }
            }
            out.append(upper(byte) ? byte + 0x20 : byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `max-peers` → `maxPeers`.
    static func camel(_ name: String) -> String {
        guard name.contains("-") else { return name }
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        return parts.enumerated().map { $0 == 0 ? String($1) : $1.prefix(1).uppercased() + $1.dropFirst() }.joined()
    }

    private static func isUpper(_ s: Unicode.Scalar) -> Bool { s.properties.isUppercase }
    private static func isLower(_ s: Unicode.Scalar) -> Bool { s.properties.isLowercase }
    private static func isDigit(_ s: Unicode.Scalar) -> Bool { ("0"..."9").contains(s) }
}
