/// A message key derived for a message that has not arrived yet (lost or out of order), kept so the message
/// still decrypts when it does (wire-facts §3.4). `sequence` orders keys for the MaxKeep / per-session limits.
public struct SkippedMessageKey: Sendable, Hashable {
    /// The ratchet key (pub33) of the chain the message belongs to.
    public let ratchetKey: [UInt8]
    /// The message number in that chain.
    public let n: UInt32
    /// The 32-byte message key. Secret.
    public let messageKey: [UInt8]
    /// Value of the session's key counter when the key was derived.
    public let sequence: UInt64

    public init(ratchetKey: [UInt8], n: UInt32, messageKey: [UInt8], sequence: UInt64) {
        self.ratchetKey = ratchetKey
        self.n = n
        self.messageKey = messageKey
        self.sequence = sequence
    }

    /// Where the key is filed: (ratchet key, N).
    public var slot: SkippedKeySlot { SkippedKeySlot(ratchetKey: ratchetKey, n: n) }
}

/// The lookup key of a skipped message key.
public struct SkippedKeySlot: Sendable, Hashable {
    public let ratchetKey: [UInt8]
    public let n: UInt32

    public init(ratchetKey: [UInt8], n: UInt32) {
        self.ratchetKey = ratchetKey
        self.n = n
    }
}

/// The limits doubleratchet applies after every successful decryption (`applyChanges`): keep at most
/// `maxMessageKeysPerSession` keys (newest by sequence), and once `keysCount ≥ maxKeep` drop every key with
/// `sequence ≤ keysCount − maxKeep`. Shared by the in-memory session and the stores.
public enum SkippedKeyPruning {
    /// The slots to delete from `keys` after a decryption that left the key counter at `keysCount`.
    public static func slotsToDrop(from keys: some Collection<SkippedMessageKey>, keysCount: UInt64,
                                   limits: RatchetLimits) -> [SkippedKeySlot] {
        let keep = max(limits.maxMessageKeysPerSession, 0)
        let threshold: UInt64? = keysCount >= limits.maxKeep ? keysCount - limits.maxKeep : nil
        let oldest = keys.lazy.map(\.sequence).min()
        var nothingTooOld = true
        if let threshold, let oldest { nothingTooOld = oldest > threshold }
        if keys.count <= keep && nothingTooOld { return [] }
        var drop: [SkippedKeySlot] = []
        let sorted = keys.sorted { $0.sequence > $1.sequence }
        for (index, key) in sorted.enumerated() {
            if index >= keep {
                drop.append(key.slot)
            } else if let threshold, key.sequence <= threshold {
                drop.append(key.slot)
            }
        }
        return drop
    }
}
