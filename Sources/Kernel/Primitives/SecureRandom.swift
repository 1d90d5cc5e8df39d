import CSodium

/// Cryptographically secure random bytes from libsodium (`randombytes_buf`, the OS CSPRNG).
///
/// Exists so every key, nonce and IV in Parley comes from one audited source.
public enum SecureRandom {
    /// `count` random bytes (an empty array for `count <= 0`).
    public static func bytes(_ count: Int) -> [UInt8] {
        guard count > 0 else { return [] }
        Sodium.ensureReady()
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            randombytes_buf(buffer.baseAddress!, count)
            initialized = count
        }
    }
}
