/// Why an AES operation was refused (wrong key or IV size).
public enum AESError: Error, Equatable, Sendable, CustomStringConvertible {
    /// AES keys are 16, 24 or 32 bytes.
    case invalidKeyLength(Int)
    /// The IV / counter block (or ECB block) must be 16 bytes.
    case invalidBlockLength(Int)
    /// swift-crypto reported an error (message included).
    case backend(String)

    public var description: String {
        switch self {
        case .invalidKeyLength(let count): return "AES key must be 16, 24 or 32 bytes, got \(count)"
        case .invalidBlockLength(let count): return "AES IV/block must be 16 bytes, got \(count)"
        case .backend(let message): return "AES failed in swift-crypto: \(message)"
        }
    }
}

/// Checks key and block sizes before handing them to swift-crypto.
enum AESValidation {
    static func check(key: [UInt8], block: [UInt8]) throws {
        guard [16, 24, 32].contains(key.count) else { throw AESError.invalidKeyLength(key.count) }
        guard block.count == 16 else { throw AESError.invalidBlockLength(block.count) }
    }
}
