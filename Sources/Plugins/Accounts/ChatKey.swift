import Primitives

/// A Status chat (identity) public key and its text forms (wire-facts §6.4): the `0x04…` Status id used on
/// the 2020 wire, the 33-byte compressed form, `zQ3…` (multibase), and the Ethereum address.
public struct ChatKey: Sendable, Hashable, CustomStringConvertible {
    /// The key.
    public let publicKey: PublicKey

    /// Wraps a key.
    public init(_ publicKey: PublicKey) { self.publicKey = publicKey }

    /// Parses any form: `0x04…` / `04…` (65 bytes hex), `0x02…`/`0x03…` (33 bytes hex), or `zQ3…`.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharactersInWhitespace()
        guard !trimmed.isEmpty else { throw ChatKeyError.empty }
        guard trimmed.utf8.count <= 200 else { throw ChatKeyError.unrecognised(length: trimmed.utf8.count) }
        if trimmed.hasPrefix("z") {
            do {
                self.publicKey = try Multibase.parseZQ3(trimmed)
            } catch {
                throw ChatKeyError.invalid(form: "zQ3", reason: "\(error)")
            }
            return
        }
        let bytes: [UInt8]
        do {
            bytes = try Hex.decode(trimmed)
        } catch {
            throw ChatKeyError.invalid(form: "hex", reason: "\(error)")
        }
        guard bytes.count == 65 || bytes.count == 33 else { throw ChatKeyError.unrecognised(length: trimmed.utf8.count) }
        do {
            self.publicKey = try PublicKey(bytes: bytes)
        } catch {
            throw ChatKeyError.invalid(form: bytes.count == 65 ? "0x04… (uncompressed)" : "compressed", reason: "\(error)")
        }
    }

    /// `"0x04"` + 128 lower-case hex digits: the Status id.
    public var statusID: String { "0x" + Hex.encode(publicKey.uncompressed) }
    /// `"0x02…"`/`"0x03…"`: the 33-byte compressed key as hex.
    public var compressedHex: String { "0x" + Hex.encode(publicKey.compressed) }
    /// `zQ3…`: multibase base58btc of the secp256k1-pub multicodec and the compressed key.
    public var zq3: String { Multibase.zq3(publicKey) }
    /// `0x…` EIP-55 address of the key.
    public var address: String { publicKey.checksumAddress }

    public var description: String { statusID }
}

/// Why text is not a chat key.
public enum ChatKeyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing was given.
    case empty
    /// Not the length of any key form.
    case unrecognised(length: Int)
    /// The text has a known form but does not decode to a valid key.
    case invalid(form: String, reason: String)

    public var description: String {
        switch self {
        case .empty:
            return "no chat key given; expected 0x04… (132 characters), 0x02…/0x03… (68 characters) or zQ3…"
        case .unrecognised(let length):
            return "a \(length)-character string is not a chat key; expected 0x04… (132 characters), 0x02…/0x03… (68 characters) or zQ3…"
        case .invalid(let form, let reason):
            return "not a valid \(form) chat key: \(reason)"
        }
    }
}
