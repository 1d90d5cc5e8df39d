/// Why `Envelope.sealed(target:timeBudget:)` produced no envelope.
public enum SealError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The PoW target is NaN, infinite or negative.
    case invalidTarget(Double)
    /// The TTL is 0: PoW is undefined (status-go divides by the TTL).
    case zeroTTL
    /// The time budget ran out first; `bestZeroBits` of `requiredZeroBits` were found after `attempts` nonces.
    case targetNotReached(requiredZeroBits: Int, bestZeroBits: Int, attempts: UInt64)
    /// The surrounding task was cancelled.
    case cancelled

    public var description: String {
        switch self {
        case .invalidTarget(let target):
            return "PoW target must be a finite number ≥ 0, got \(target)"
        case .zeroTTL:
            return "cannot seal an envelope with TTL 0: PoW divides by the TTL; use a TTL of at least 1 s"
        case .targetNotReached(let required, let best, let attempts):
            return "failed to reach the PoW target (\(required) leading zero bits; best \(best) after \(attempts) nonces): "
                + "give a longer time budget or a lower target"
        case .cancelled:
            return "sealing was cancelled"
        }
    }
}

extension Envelope {
    /// Searches nonces from 0 upward for one whose PoW reaches `target`, like status-go's `Seal`.
    ///
    /// The goal is `ProofOfWork.targetBits(target:size:ttl:)` leading zero bits — derived from the
    /// envelope *size* — while the PoW itself divides by `len(rlp-without-nonce)` (errata #13), so a
    /// sealed envelope's `proofOfWork()` can differ slightly from `target`, exactly as with status-go.
    ///
    /// - Parameters:
    ///   - target: PoW to reach; `0` means none (the envelope is returned with nonce 0).
    ///   - timeBudget: how long to search (status-go's `WorkTime`; Status uses 5 s).
    /// - Returns: the envelope with the first nonce reaching the target.
    /// - Throws: `SealError` — invalid target, TTL 0, budget exhausted, or task cancelled.
    public func sealed(target: Double, timeBudget: Duration) throws(SealError) -> Envelope {
        guard target.isFinite, target >= 0 else { throw .invalidTarget(target) }
        if target == 0 { return with(nonce: 0) }
        guard ttl > 0 else { throw .zeroTTL }
        let required = ProofOfWork.targetBits(target: target, size: size, ttl: ttl)
        let hasher = ProofOfWorkHasher(expiry: expiry, ttl: ttl, topic: topic, data: data)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeBudget)
        var best = 0
        var nonce: UInt64 = 0
        repeat {
            for _ in 0..<1024 {
                let bits = hasher.zeroBits(nonce: nonce)
                if bits >= required { return with(nonce: nonce) }
                best = Swift.max(best, bits)
                nonce &+= 1
            }
            if Task.isCancelled { throw .cancelled }
        } while clock.now < deadline
        throw .targetNotReached(requiredZeroBits: required, bestZeroBits: best, attempts: nonce)
    }
}
