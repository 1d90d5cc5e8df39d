import Primitives

/// A Waku symmetric key: 32 bytes for AES-256-GCM, never all zero (status-go `ValidateDataIntegrity`).
///
/// Status derives them from strings — public chat names, contact-code strings, negotiated-secret hex,
/// the mailserver password — with `SymKey(password:)` (wire-facts §2.8, errata #16). `description` never
/// shows the key; equality is constant-time.
public struct SymKey: Sendable, Hashable {
    /// Key length in bytes.
    public static let byteCount = 32
    /// PBKDF2 iteration count status-go uses: 65 356 (sic — not 65 536).
    public static let passwordIterations = 65_356

    /// The key bytes. Treat as secret.
    public let bytes: [UInt8]

    /// Wraps 32 bytes that are not all zero.
    public init(bytes: some Collection<UInt8>) throws(SymKeyError) {
        let raw = Array(bytes)
        guard raw.count == Self.byteCount else { throw .wrongLength(raw.count) }
        guard raw.contains(where: { $0 != 0 }) else { throw .allZero }
        self.bytes = raw
    }

    /// `PBKDF2-HMAC-SHA256(utf8(password), salt = ∅, 65 356 iterations, 32 bytes)` — status-go
    /// `AddSymKeyFromPassword`. Takes tens of milliseconds: derive once and keep the key.
    public init(password: String) throws(SymKeyError) {
        let derived: [UInt8]
        do {
            derived = try Primitives.KDF.pbkdf2SHA256(password: Array(password.utf8), salt: [],
                                                       iterations: Self.passwordIterations, length: Self.byteCount)
        } catch {
            throw .derivationFailed("\(error)")
        }
        try self.init(bytes: derived)
    }

    /// A fresh random key.
    public static func random() -> SymKey {
        while true {
            if let key = try? SymKey(bytes: SecureRandom.bytes(byteCount)) { return key }
        }
    }

    /// `keccak256(key)`: identifies the key in logs and filters without revealing it (status-go `SymKeyHash`).
    public var fingerprint: [UInt8] { Keccak256.hash(bytes) }

    public static func == (lhs: SymKey, rhs: SymKey) -> Bool { ConstantTime.equals(lhs.bytes, rhs.bytes) }
    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }
}

extension SymKey: CustomStringConvertible {
    /// `SymKey(keccak 1a2b3c4d…)` — a fingerprint prefix, never the key.
    public var description: String { "SymKey(keccak \(Hex.encode(fingerprint.prefix(4)))…)" }
}

/// Why bytes or a password gave no symmetric key.
public enum SymKeyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Keys are exactly 32 bytes.
    case wrongLength(Int)
    /// An all-zero key is invalid (status-go rejects it).
    case allZero
    /// PBKDF2 failed in the crypto backend (message included).
    case derivationFailed(String)

    public var description: String {
        switch self {
        case .wrongLength(let count): return "a Waku symmetric key is exactly 32 bytes, got \(count)"
        case .allZero: return "an all-zero symmetric key is invalid; derive one from a password or generate a random one"
        case .derivationFailed(let message): return "deriving a symmetric key from a password failed: \(message)"
        }
    }
}
