import CQREncode
import Foundation

/// A QR code (libqrencode) and its rendering as terminal text, for exchanging chat keys.
public struct QRCode: Sendable, Equatable {
    /// Modules per side.
    public let size: Int
    /// `size × size` modules, row-major; `true` is dark.
    public let modules: [Bool]

    /// Encodes `text` in byte mode with error-correction level M (up to 2 KiB of text).
    public init(text: String) throws {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= 2048, !bytes.contains(0) else { throw QRCodeError.unsupportedText(bytes.count) }
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else {
            throw QRCodeError.encodingFailed(String(cString: strerror(errno)))
        }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        guard width > 0, let data = code.pointee.data else { throw QRCodeError.encodingFailed("empty symbol") }
        self.size = width
        self.modules = (0..<width * width).map { data[$0] & 1 == 1 }
    }

    /// Whether the module at (`x`, `y`) is dark; outside the symbol (the quiet zone) is light.
    public func isDark(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < size, y < size else { return false }
        return modules[y * size + x]
    }

    /// How to draw the code in a terminal.
    public enum TerminalStyle: Sendable {
        /// Explicit black-on-white ANSI colours: scans on any terminal background.
        case ansi
        /// Plain half-block characters drawing the light modules (for dark terminal backgrounds).
        case lightOnDark
        /// Plain half-block characters drawing the dark modules (for light terminal backgrounds).
        case darkOnLight
    }

    /// The code as lines of half-block characters, two module rows per line, with a `quietZone`-module
    /// light border.
    public func terminalLines(style: TerminalStyle = .ansi, quietZone: Int = 2) -> [String] {
        let border = max(0, min(quietZone, 8))
        let range = -border..<(size + border)
        var lines: [String] = []
        for top in stride(from: range.lowerBound, to: range.upperBound, by: 2) {
            var line = ""
            for x in range {
                let upper = isDark(x: x, y: top)
                let lower = top + 1 < range.upperBound ? isDark(x: x, y: top + 1) : false
                switch style {
                case .ansi:
                    // ▀ takes the foreground colour on top and the background colour below.
                    line += "\u{1B}[\(upper ? 30 : 97);\(lower ? 40 : 107)m▀"
                case .lightOnDark:
                    line += QRCode.halfBlock(top: !upper, bottom: !lower)
                case .darkOnLight:
                    line += QRCode.halfBlock(top: upper, bottom: lower)
                }
            }
            if case .ansi = style { line += "\u{1B}[0m" }
            lines.append(line)
        }
        return lines
    }

    private static func halfBlock(top: Bool, bottom: Bool) -> String {
        switch (top, bottom) {
        case (true, true): return "█"
        case (true, false): return "▀"
        case (false, true): return "▄"
        case (false, false): return " "
        }
    }
}

/// Why a QR code could not be made.
public enum QRCodeError: Error, Equatable, Sendable, CustomStringConvertible {
    case unsupportedText(Int)
    case encodingFailed(String)

    public var description: String {
        switch self {
        case .unsupportedText(let count): return "QR text must be 1 to 2048 bytes without NUL characters, got \(count) bytes"
        case .encodingFailed(let reason): return "libqrencode could not encode the text: \(reason)"
        }
    }
}
