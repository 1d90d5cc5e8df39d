/// The Status identicon of a key (wire-facts §6.6, status-go `protocol/identity/identicon`): a 5×5
/// mirrored pattern and one colour, both from MD5 of the key string. Local only, never on the wire.
public struct Identicon: Sendable, Equatable {
    /// An 8-bit sRGB colour.
    public struct Colour: Sendable, Equatable {
        public let red: UInt8, green: UInt8, blue: UInt8
    }

    /// MD5 of the key string.
    public let hash: [UInt8]
    /// The 25 pattern bytes, row by row: `p[5i + j] = h[3i + (j > 2 ? 4 − j : j)]`.
    public let pattern: [UInt8]
    /// The colour: HSL(hue, 0.5, 0.7).
    public let colour: Colour
    /// The hue in degrees: `(h[13] + h[14] + h[15]) / 765 · 360`.
    public let hue: Double

    /// The identicon of any string (status-go hashes the `0x04…` key text as given).
    public init(string: String) {
        let digest = MD5.hash(Array(string.utf8))
        self.hash = digest
        var pattern: [UInt8] = []
        pattern.reserveCapacity(25)
        for row in 0..<5 {
            for column in 0..<5 {
                pattern.append(digest[3 * row + (column > 2 ? 4 - column : column)])
            }
        }
        self.pattern = pattern
        let hue = Double(Int(digest[13]) + Int(digest[14]) + Int(digest[15])) / 765 * 360
        self.hue = hue
        self.colour = Identicon.hsl(hue: hue, saturation: 0.5, lightness: 0.7)
    }

    /// The identicon of a chat key (its lower-case `0x04…` form).
    public init(chatKey: ChatKey) { self.init(string: chatKey.statusID) }

    /// Whether cell `k` (row-major, 0…24) is filled: the pattern byte is even.
    public var cells: [Bool] { pattern.map { $0 % 2 == 0 } }

    /// The bitmap as five strings of `0`/`1`, top row first.
    public var bitmapRows: [String] {
        (0..<5).map { row in String(cells[row * 5..<row * 5 + 5].map { $0 ? "1" : "0" }) }
    }

    /// 50×50 RGBA pixels (row-major, 4 bytes each): transparent background, filled cell k a 6×6 square
    /// at (10 + 6·(k mod 5), 10 + 6·(k div 5)).
    public func rgbaPixels() -> [UInt8] {
        let size = Identicon.imageSize
        var pixels = [UInt8](repeating: 0, count: size * size * 4)
        for (k, filled) in cells.enumerated() where filled {
            let x0 = 10 + 6 * (k % 5), y0 = 10 + 6 * (k / 5)
            for y in y0..<y0 + 6 {
                for x in x0..<x0 + 6 {
                    let offset = (y * size + x) * 4
                    pixels[offset] = colour.red
                    pixels[offset + 1] = colour.green
                    pixels[offset + 2] = colour.blue
                    pixels[offset + 3] = 255
                }
            }
        }
        return pixels
    }

    /// The rendered image is 50×50 pixels.
    public static let imageSize = 50

    /// Five lines of block characters, two columns per cell; with `colour`, 24-bit ANSI colour codes.
    public func terminalRows(colour useColour: Bool) -> [String] {
        let on = useColour ? "\u{1B}[38;2;\(colour.red);\(colour.green);\(colour.blue)m██\u{1B}[0m" : "██"
        return (0..<5).map { row in
            cells[row * 5..<row * 5 + 5].map { $0 ? on : "  " }.joined()
        }
    }

    /// go-colorful's `Hsl(h, s, l)` followed by Go's 16-bit then 8-bit conversion.
    static func hsl(hue: Double, saturation s: Double, lightness l: Double) -> Colour {
        func eightBit(_ value: Double) -> UInt8 {
            let clamped = min(max(value, 0), 1)
            return UInt8(UInt32(clamped * 65535 + 0.5) >> 8)
        }
        if s == 0 { return Colour(red: eightBit(l), green: eightBit(l), blue: eightBit(l)) }
        let t1 = l < 0.5 ? l * (1 + s) : l + s - l * s
        let t2 = 2 * l - t1
        let h = hue / 360
        func channel(_ t: Double) -> Double {
            var t = t
            if t < 0 { t += 1 }
            if t > 1 { t -= 1 }
            if 6 * t < 1 { return t2 + (t1 - t2) * 6 * t }
            if 2 * t < 1 { return t1 }
            if 3 * t < 2 { return t2 + (t1 - t2) * (2.0 / 3.0 - t) * 6 }
            return t2
        }
        return Colour(red: eightBit(channel(h + 1.0 / 3.0)), green: eightBit(channel(h)), blue: eightBit(channel(h - 1.0 / 3.0)))
    }
}
