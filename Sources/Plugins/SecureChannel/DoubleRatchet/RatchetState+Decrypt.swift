/// The outcome of a successful ratchet decryption: the plaintext and what to commit.
public struct RatchetDecryption: Sendable {
    /// What changes when the caller commits.
    public enum Change: Sendable {
        /// A stored skipped key decrypted the message: delete it; the state is unchanged.
        case usedSkippedKey(SkippedKeySlot)
        /// The state advanced; store it and the keys skipped on the way.
        case advanced(RatchetState, skippedKeys: [SkippedMessageKey])
    }

    public let plaintext: [UInt8]
    public let change: Change
}

extension RatchetState {
    /// RatchetDecrypt as doubleratchet v3 does it, on a copy: nothing changes unless the MAC verifies.
    ///
    /// - Parameters:
    ///   - skippedKey: the stored key for `(message.header.ratchetKey, message.header.n)`, if any — the caller
    ///     looks it up first.
    /// - Throws: `.authenticationFailed` (wrong key or tampering), `.messageKeyUnavailable` (replay, or a key
    ///   already dropped), `.tooManySkippedMessages` (gap above `maxSkip`).
    public func decrypt(_ message: RatchetMessage, associatedData: [UInt8] = [], limits: RatchetLimits = .statusGo,
                        skippedKey: [UInt8]?) throws(RatchetError) -> RatchetDecryption {
        let header = message.header
        let ad = associatedData + header.encoded
        if let skippedKey {
            let plaintext = try RatchetCipher.open(messageKey: skippedKey, sealed: message.ciphertext, associatedData: ad)
            return RatchetDecryption(plaintext: plaintext,
                                     change: .usedSkippedKey(SkippedKeySlot(ratchetKey: header.ratchetKey, n: header.n)))
        }
        var copy = self
        var skipped: [SkippedMessageKey] = []
        if header.ratchetKey != copy.remoteRatchetKey {
            if let previous = copy.remoteRatchetKey {
                skipped += try copy.skipMessageKeys(until: header.pn, ratchetKey: previous, limits: limits)
            }
            try copy.ratchetStep(to: header.ratchetKey)
        }
        skipped += try copy.skipMessageKeys(until: header.n, ratchetKey: header.ratchetKey, limits: limits)
        let messageKey = copy.receiving.step()
        let plaintext = try RatchetCipher.open(messageKey: messageKey, sealed: message.ciphertext, associatedData: ad)
        copy.keysCount &+= 1
        return RatchetDecryption(plaintext: plaintext, change: .advanced(copy, skippedKeys: skipped))
    }

    /// Derives and returns the keys of messages `Nr ..< until` on the receiving chain.
    private mutating func skipMessageKeys(until: UInt32, ratchetKey: [UInt8],
                                          limits: RatchetLimits) throws(RatchetError) -> [SkippedMessageKey] {
        guard until >= receiving.count else { throw .messageKeyUnavailable(n: until) }
        let gap = UInt64(until - receiving.count)
        guard gap <= UInt64(limits.maxSkip) else { throw .tooManySkippedMessages(gap: gap, limit: limits.maxSkip) }
        var keys: [SkippedMessageKey] = []
        keys.reserveCapacity(Int(gap))
        while receiving.count < until {
            let n = receiving.count
            let messageKey = receiving.step()
            keys.append(SkippedMessageKey(ratchetKey: ratchetKey, n: n, messageKey: messageKey, sequence: keysCount))
            keysCount &+= 1
        }
        return keys
    }
}
