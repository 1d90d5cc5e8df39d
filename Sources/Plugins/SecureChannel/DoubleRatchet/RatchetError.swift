/// Why a Double Ratchet operation was refused. A refused decryption never changes the session.
public enum RatchetError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The header's ratchet key is not a 33-byte compressed secp256k1 point.
    case invalidRatchetKey(length: Int)
    /// The shared secret that starts a session must be 32 non-zero bytes.
    case invalidSharedKey
    /// Shorter than IV (16) + MAC (32): cannot be a ratchet ciphertext.
    case ciphertextTooShort(Int)
    /// The HMAC does not verify: wrong session, or the ciphertext or header was altered.
    case authenticationFailed
    /// The message's key was already used (a replay) or deleted as too old.
    case messageKeyUnavailable(n: UInt32)
    /// The message is further ahead of the receiving chain than `maxSkip` allows.
    case tooManySkippedMessages(gap: UInt64, limit: UInt32)
    /// The sending chain reached 2³² − 1 messages; the peer has to answer to ratchet forward.
    case sendingChainExhausted
    /// A curve operation failed (a ratchet key on the curve but unusable, practically unreachable).
    case keyAgreementFailed(String)

    public var description: String {
        switch self {
        case .invalidRatchetKey(let length):
            return "ratchet key must be a 33-byte compressed secp256k1 public key, got \(length) bytes"
        case .invalidSharedKey:
            return "a Double Ratchet session needs a 32-byte non-zero shared secret (from X3DH)"
        case .ciphertextTooShort(let count):
            return "ratchet ciphertext is \(count) bytes; it needs at least 48 (16-byte IV + 32-byte MAC)"
        case .authenticationFailed:
            return "ratchet message authentication failed: not for this session, or header/ciphertext altered in transit"
        case .messageKeyUnavailable(let n):
            return "message \(n) was already decrypted (replay) or its key was dropped as too old; the session is unchanged"
        case .tooManySkippedMessages(let gap, let limit):
            return "message is \(gap) positions ahead of the receiving chain (limit \(limit)); refused to protect the session"
        case .sendingChainExhausted:
            return "the sending chain is exhausted (2^32 - 1 messages); wait for a reply to ratchet forward"
        case .keyAgreementFailed(let message):
            return "ratchet key agreement failed: \(message)"
        }
    }
}
