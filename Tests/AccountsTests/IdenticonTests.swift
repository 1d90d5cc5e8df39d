import Primitives
import Testing
@testable import Accounts

@Suite struct IdenticonTests {
    @Test func culonaVector() {
        // status-go protocol/identity/identicon/identicon_test.go
        let identicon = Identicon(string: "Culona")
        #expect(identicon.pattern == [129, 201, 130, 201, 129, 56, 157, 244, 157, 56, 232, 187, 241, 187, 232,
                                      183, 61, 165, 61, 183, 149, 108, 179, 108, 149])
        #expect(identicon.bitmapRows == ["00100", "10101", "10001", "00000", "01010"])
    }

    @Test func colourIsHSLFromTheLastThreeBytes() {
        let identicon = Identicon(string: "Culona")
        let h = identicon.hash
        #expect(identicon.hue == Double(Int(h[13]) + Int(h[14]) + Int(h[15])) / 765 * 360)
        // S = 0.5, L = 0.7: the channels span 0.55…0.85 of full scale.
        for channel in [identicon.colour.red, identicon.colour.green, identicon.colour.blue] {
            #expect((139...218).contains(channel))
        }
        // Primary hues land where HSL says.
        #expect(Identicon.hsl(hue: 0, saturation: 0.5, lightness: 0.7) == .init(red: 217, green: 140, blue: 140))
        #expect(Identicon.hsl(hue: 120, saturation: 0.5, lightness: 0.7) == .init(red: 140, green: 217, blue: 140))
        #expect(Identicon.hsl(hue: 240, saturation: 0.5, lightness: 0.7) == .init(red: 140, green: 140, blue: 217))
    }

    @Test func pngRoundTripsThroughLibpng() throws {
        let identicon = Identicon(chatKey: ChatKey(PrivateKey.generate().publicKey))
        let png = try identicon.pngData()
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
        let decoded = try PNGImage.decodeRGBA(png)
        #expect(decoded.width == 50 && decoded.height == 50)
        #expect(decoded.pixels == identicon.rgbaPixels())
        #expect(try identicon.pngDataURI().hasPrefix("data:image/png;base64,iVBORw0KGgo"))
        // Margin pixels are transparent; cell 0's square is coloured iff it is filled.
        #expect(decoded.pixels[3] == 0)
        let cell0 = (10 * 50 + 10) * 4
        #expect(decoded.pixels[cell0 + 3] == (identicon.cells[0] ? 255 : 0))
    }

    @Test func malformedPNGIsAnError() {
        #expect(throws: PNGError.self) { try PNGImage.decodeRGBA([]) }
        #expect(throws: PNGError.self) { try PNGImage.decodeRGBA([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]) }
        #expect(throws: PNGError.self) { try PNGImage.encodeRGBA([1, 2, 3], width: 1, height: 1) }
        #expect(throws: PNGError.self) { try PNGImage.encodeRGBA([], width: 0, height: 0) }
    }

    @Test func terminalRendering() {
        let identicon = Identicon(string: "Culona")
        #expect(identicon.terminalRows(colour: false) == ["    ██    ", "██  ██  ██", "██      ██", "          ", "  ██  ██  "])
        let coloured = identicon.terminalRows(colour: true)
        #expect(coloured[0].contains("\u{1B}[38;2;\(identicon.colour.red);"))
    }
}
