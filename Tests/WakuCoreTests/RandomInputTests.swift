import Primitives
import Testing
@testable import WakuCore

/// Randomized never-trap checks for the small decoders (the big ones — envelope, Messages list,
/// data field, message opening — have their own next to their vectors).
@Suite("Random input never traps")
struct RandomInputTests {
    /// A random RLP tree, biased towards envelope-like lists of five items.
    static func randomItem(depth: Int = 0, using generator: inout SystemRandomNumberGenerator) -> RLPItem {
        if depth < 2 && Int.random(in: 0..<3, using: &generator) == 0 {
            let count = Bool.random(using: &generator) ? 5 : Int.random(in: 0...7, using: &generator)
            return .list((0..<count).map { _ in randomItem(depth: depth + 1, using: &generator) })
        }
        let length = [0, 1, 3, 4, 5, 8, 9, 40][Int.random(in: 0..<8, using: &generator)]
        return .bytes((0..<length).map { _ in Bool.random(using: &generator) ? 0 : UInt8.random(in: 0...255, using: &generator) })
    }

    @Test("Envelope(item:) on random RLP trees: typed error or a canonical envelope")
    func envelopeItems() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let item = Self.randomItem(using: &generator)
            do {
                let envelope = try Envelope(item: item)
                #expect(envelope.rlpItem == item)
                #expect(try Envelope(decoding: RLP.encode(item)) == envelope)
            } catch {
                #expect(!error.description.isEmpty)
                #expect(throws: EnvelopeDecodingError.self) { try Envelope(decoding: RLP.encode(item)) }
            }
        }
    }

    @Test("fixed-size values and hex topics from random bytes and text")
    func smallDecoders() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789abcdefABCDEFxXg- ".utf8)
        for _ in 0..<10_000 {
            let bytes = (0..<Int.random(in: 0...70, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = try? Topic(bytes: bytes)
            _ = try? Bloom(bytes: bytes)
            _ = try? HistoryCursor(bytes: bytes)
            _ = try? SymKey(bytes: bytes)
            _ = EnvelopeHash(bytes: bytes)
            let text = String(decoding: (0..<Int.random(in: 0...12, using: &generator)).map { _ in
                alphabet[Int.random(in: 0..<alphabet.count, using: &generator)]
            }, as: UTF8.self)
            if let topic = try? Topic(hex: text) { #expect((try? Topic(hex: topic.description)) == topic) }
        }
    }
}
