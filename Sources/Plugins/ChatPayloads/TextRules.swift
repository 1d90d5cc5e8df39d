/// The text rules shared by the validator and the builders (wire-facts §5.5).
enum TextRules {
    /// Largest text, in UTF-8 bytes (status-go `maxChatMessageTextLength`, Go `len`).
    static let maxTextBytes = 4096

    /// True when `text` is empty after Go's `strings.TrimSpace`: every scalar has the Unicode
    /// White_Space property (Go's `unicode.IsSpace`).
    static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
    }
}
