/// A Double Ratchet session held entirely in memory: the state plus its skipped message keys, with
/// status-go's limits applied after every decryption.
///
/// Exists for using the ratchet as a library without a store (tests, benchmarks, tools). `EncryptionProtocol`
/// keeps the same two parts in its `SecureChannelStore` instead.
public struct RatchetSession: Sendable {
    public private(set) var state: RatchetState
    public private(set) var skippedKeys: [SkippedKeySlot: SkippedMessageKey] = [:]
    public let limits: RatchetLimits

    public init(state: RatchetState, limits: RatchetLimits = .statusGo) {
        self.state = state
        self.limits = limits
    }

    /// Encrypts with `ad = ∅` (as Status sessions do) unless told otherwise.
    public mutating func encrypt(_ plaintext: [UInt8], associatedData: [UInt8] = []) throws(RatchetError) -> RatchetMessage {
        try state.encrypt(plaintext, associatedData: associatedData)
    }

    /// Decrypts and commits; a refused message leaves the session exactly as it was.
    public mutating func decrypt(_ message: RatchetMessage, associatedData: [UInt8] = []) throws(RatchetError) -> [UInt8] {
        let slot = SkippedKeySlot(ratchetKey: message.header.ratchetKey, n: message.header.n)
        let result = try state.decrypt(message, associatedData: associatedData, limits: limits,
                                       skippedKey: skippedKeys[slot]?.messageKey)
        switch result.change {
        case .usedSkippedKey(let used):
            skippedKeys[used] = nil
        case .advanced(let next, let newKeys):
            state = next
            for key in newKeys { skippedKeys[key.slot] = key }
            for slot in SkippedKeyPruning.slotsToDrop(from: skippedKeys.values, keysCount: state.keysCount, limits: limits) {
                skippedKeys[slot] = nil
            }
        }
        return result.plaintext
    }
}
