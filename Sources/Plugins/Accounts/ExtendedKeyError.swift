/// Why a BIP-32 operation or an xprv/xpub string was rejected.
public enum ExtendedKeyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A BIP-32 seed is 16 to 64 bytes.
    case invalidSeedLength(Int)
    /// HMAC gave a master key of 0 or ≥ n (probability ~2^-127): use another seed.
    case invalidMasterKey
    /// This child is invalid (probability ~2^-127): use the next index.
    case invalidChild(String)
    /// A hardened step needs the private key.
    case hardenedFromPublic(String)
    /// Depth would pass 255.
    case depthExceeded
    /// The text is not base58.
    case notBase58(String)
    /// The decoded data has the wrong size (78 bytes + 4 checksum).
    case wrongLength(Int)
    /// The 4-byte checksum does not match (a typo or a truncated string).
    case badChecksum
    /// Not the mainnet xprv/xpub version bytes.
    case unknownVersion(String)
    /// The key bytes are not a valid key of the declared kind.
    case invalidKey(String)
    /// A depth-0 key with a parent fingerprint or child number.
    case invalidMasterFields(String)

    public var description: String {
        switch self {
        case .invalidSeedLength(let count): return "a BIP-32 seed must be 16 to 64 bytes, got \(count)"
        case .invalidMasterKey: return "this seed gives an invalid BIP-32 master key (astronomically unlikely); use another seed"
        case .invalidChild(let index): return "child \(index) is invalid under BIP-32 (astronomically unlikely); use the next index"
        case .hardenedFromPublic(let index): return "cannot derive hardened step \(index) from a public key (xpub); use the xprv or a normal step"
        case .depthExceeded: return "BIP-32 keys can be at most 255 steps below the master"
        case .notBase58(let reason): return "not an extended key: \(reason)"
        case .wrongLength(let count): return "not an extended key: expected 78 bytes plus a 4-byte checksum, got \(count) — is the text complete?"
        case .badChecksum: return "extended key checksum does not match: the text has a typo or is truncated"
        case .unknownVersion(let version): return "extended key version \(version) is not mainnet xprv (0488ade4) or xpub (0488b21e)"
        case .invalidKey(let reason): return "extended key holds an invalid key: \(reason)"
        case .invalidMasterFields(let reason): return "extended key has depth 0 (a master key) but its \(reason)"
        }
    }
}
