import CSodium

/// Comparisons whose running time does not depend on where two secrets first differ.
///
/// MACs, tags and keys must be compared this way so an attacker cannot learn a correct MAC byte by
/// byte from response timing. Backed by libsodium's `sodium_memcmp`.
public enum ConstantTime {
    /// `true` iff `a` and `b` have the same length and the same bytes. Only the length check is
    /// variable-time (lengths are public).
    public static func equals(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        let left = Array(a), right = Array(b)
        guard left.count == right.count else { return false }
        if left.isEmpty { return true }
        Sodium.ensureReady()
        return left.withUnsafeBytes { l in
            right.withUnsafeBytes { r in
                sodium_memcmp(l.baseAddress!, r.baseAddress!, left.count) == 0
            }
        }
    }
}

/// Overwrites `bytes` with zeros in a way the optimiser may not remove (`sodium_memzero`), then
/// leaves the array's length unchanged. Use it for key material you are done with.
public func secureZero(_ bytes: inout [UInt8]) {
    guard !bytes.isEmpty else { return }
    Sodium.ensureReady()
    bytes.withUnsafeMutableBytes { buffer in
        sodium_memzero(buffer.baseAddress!, buffer.count)
    }
}
