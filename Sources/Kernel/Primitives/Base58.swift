/// Bitcoin's base58 alphabet encoding ("base58btc"): libp2p peer ids, zQ3 keys, xprv/xpub
/// (wire-facts §0.7). Each leading zero byte is one leading `1`.
public enum Base58 {
    static let alphabet: [UInt8] = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)
    private static let lookup: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (index, character) in alphabet.enumerated() { table[Int(character)] = Int8(index) }
        return table
    }()

    /// Base58 text for `bytes` (empty for empty input).
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        let input = Array(bytes)
        let zeros = input.prefix { $0 == 0 }.count
        // log(256)/log(58) ≈ 1.366: enough base-58 digits for the number.
        var digits = [UInt8](repeating: 0, count: (input.count - zeros) * 138 / 100 + 1)
        var used = 0
        for byte in input[zeros...] {
            var carry = Int(byte)
            var i = 0
            while carry != 0 || i < used {
                let index = digits.count - 1 - i
                carry += 256 * Int(digits[index])
                digits[index] = UInt8(carry % 58)
                carry /= 58
                i += 1
            }
            used = i
        }
        let significant = digits.suffix(used)
        var out = [UInt8](repeating: alphabet[0], count: zeros)
        out.append(contentsOf: significant.map { alphabet[Int($0)] })
        return String(decoding: out, as: UTF8.self)
    }

    /// Bytes for base58 text; any character outside the alphabet (including `0OIl`) is an error.
    /// Time is quadratic in the length: bound untrusted input before calling.
    public static func decode(_ text: String) throws -> [UInt8] {
        let input = Array(text.utf8)
        let ones = input.prefix { $0 == alphabet[0] }.count
        var bytes = [UInt8](repeating: 0, count: (input.count - ones) * 733 / 1000 + 1)
        var used = 0
        for (position, character) in input.enumerated().dropFirst(ones) {
            let value = lookup[Int(character)]
            guard value >= 0 else { throw Base58Error.invalidCharacter(position: position, character: character) }
            var carry = Int(value)
            var i = 0
            while carry != 0 || i < used {
                let index = bytes.count - 1 - i
                carry += 58 * Int(bytes[index])
                bytes[index] = UInt8(carry & 0xff)
                carry >>= 8
                i += 1
            }
            used = i
        }
        return [UInt8](repeating: 0, count: ones) + bytes.suffix(used)
    }
}

/// Why text is not base58.
public enum Base58Error: Error, Equatable, Sendable, CustomStringConvertible {
    /// A character outside the Bitcoin alphabet (which omits 0, O, I and l).
    case invalidCharacter(position: Int, character: UInt8)

    public var description: String {
        switch self {
        case .invalidCharacter(let position, let character):
            let shown = (0x20..<0x7f).contains(character) ? "'\(Character(Unicode.Scalar(character)))'" : "byte 0x\(Hex.encode([character]))"
            return "base58 text has \(shown) at position \(position); the Bitcoin alphabet excludes 0, O, I and l"
        }
    }
}
