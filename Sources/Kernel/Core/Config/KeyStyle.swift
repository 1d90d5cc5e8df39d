/// Spelling of setting names: YAML profiles use kebab-case (`max-peers`), Swift config types use
/// camelCase coding keys (`maxPeers`). The decoder maps between them so config types need no
/// hand-written `CodingKeys` raw values.
enum KeyStyle {
    /// `maxPeers` → `max-peers`, `gracePeriodSeconds` → `grace-period-seconds`, `peerURL` → `peer-url`.
    /// Names without capitals are returned unchanged.
    static func kebab(_ name: String) -> String {
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
