import Testing
@testable import Accounts

@Suite struct QRCodeTests {
    @Test func encodesAChatKeyWithFinderPatterns() throws {
        let key = "zQ3shudJrBctPznsRLvbsCtvZFTdi3b34uzYDuqE9Wq9m9T1C"
        let code = try QRCode(text: key)
        #expect(code.size >= 21 && (code.size - 17) % 4 == 0)
        // The three finder patterns: dark 7×7 borders at the top-left, top-right and bottom-left corners.
        for (x0, y0) in [(0, 0), (code.size - 7, 0), (0, code.size - 7)] {
            #expect(code.isDark(x: x0, y: y0) && code.isDark(x: x0 + 6, y: y0 + 6) && code.isDark(x: x0 + 3, y: y0 + 3))
            #expect(!code.isDark(x: x0 + 1, y: y0 + 1))
        }
        #expect(!code.isDark(x: -1, y: 0) && !code.isDark(x: code.size, y: 0))
        let lines = code.terminalLines(style: .darkOnLight, quietZone: 2)
        #expect(lines.count == (code.size + 4 + 1) / 2)
        #expect(lines.allSatisfy { $0.count == code.size + 4 })
        #expect(code.terminalLines(style: .ansi)[0].hasPrefix("\u{1B}["))
        // A longer Status id still fits.
        #expect(try QRCode(text: "0x04" + String(repeating: "ab", count: 64)).size > code.size)
    }

    @Test func rejectsUnsupportedText() {
        #expect(throws: QRCodeError.unsupportedText(0)) { try QRCode(text: "") }
        #expect(throws: QRCodeError.self) { try QRCode(text: String(repeating: "x", count: 3000)) }
    }
}
