/// The checks a node applies to every envelope it receives before caching, relaying or delivering
/// it — status-go `addAndBridge` (wire-facts §2.3), in the same order:
///
/// 1. sent more than `syncAllowance` seconds in the future → `.fromFuture` (time-sync error);
///    sent slightly in the future → PoW recomputed with divisor `ttl + (sent − now + 1)`;
/// 2. `expiry < now` → `.veryOld` (time-sync error) if `expiry + 2·syncAllowance < now`, else `.expired` (silent drop);
/// 3. `size > maxMessageSize` → `.oversize`;
/// 4. TTL 0 → `.zeroTTL` (Parley only: status-go computes an infinite PoW; no Status client sends TTL 0);
/// 5. PoW below `minimumPoW` → `.insufficientPoW`.
///
/// Topic/bloom matching and deduplication are the relay's business, not part of this check.
public struct EnvelopeAcceptance: Sendable, Equatable {
    /// Lowest PoW accepted (status-go node default 0.000002). A peer's advertised requirement is checked the same way.
    public var minimumPoW: Double
    /// Largest envelope size (`20 + len(data)`) accepted; at most `WakuConstants.hardMaxMessageSize`.
    public var maxMessageSize: Int
    /// Seconds an envelope's `sent` may lie in the future (status-go `DefaultSyncAllowance`, 10).
    public var syncAllowance: UInt32

    /// A policy; `maxMessageSize` is clamped to 0…10 MiB and a negative or NaN `minimumPoW` counts as 0.
    public init(minimumPoW: Double = WakuConstants.nodeMinimumPoW,
                maxMessageSize: Int = WakuConstants.defaultMaxMessageSize,
                syncAllowance: UInt32 = WakuConstants.syncAllowance) {
        self.minimumPoW = minimumPoW >= 0 ? minimumPoW : 0
        self.maxMessageSize = Swift.min(Swift.max(0, maxMessageSize), WakuConstants.hardMaxMessageSize)
        self.syncAllowance = syncAllowance
    }

    /// `nil` if `envelope` is acceptable at unix time `now` (seconds), else why not.
    public func check(_ envelope: Envelope, now: UInt32) -> EnvelopeRejection? {
        let now64 = Int64(now)
        let sent = Int64(envelope.expiry) - Int64(envelope.ttl)
        var timeDifference: UInt32 = 0
        if sent > now64 {
            if sent - Int64(syncAllowance) > now64 { return .fromFuture(sent: envelope.sent, now: now) }
            timeDifference = UInt32(sent - now64 + 1)
        }
        if Int64(envelope.expiry) < now64 {
            if Int64(envelope.expiry) + 2 * Int64(syncAllowance) < now64 { return .veryOld(expiry: envelope.expiry, now: now) }
            return .expired(expiry: envelope.expiry, now: now)
        }
        if envelope.size > maxMessageSize { return .oversize(size: envelope.size, limit: maxMessageSize) }
        if envelope.ttl == 0 { return .zeroTTL }
        let pow = envelope.proofOfWork(timeDifference: timeDifference)
        if pow < minimumPoW { return .insufficientPoW(pow: pow, required: minimumPoW) }
        return nil
    }
}

/// Why an envelope was not accepted. `isPeerFault` tells the caller whether to penalise the sender;
/// `messageResponseCode` is the code for a `MessageResponse` (errata #10).
public enum EnvelopeRejection: Error, Equatable, Sendable, CustomStringConvertible {
    /// `sent` is more than the sync allowance ahead of our clock.
    case fromFuture(sent: UInt32, now: UInt32)
    /// Expired more than twice the sync allowance ago.
    case veryOld(expiry: UInt32, now: UInt32)
    /// Expired recently: dropped without an error (status-go returns no error).
    case expired(expiry: UInt32, now: UInt32)
    /// `20 + len(data)` exceeds the maximum message size.
    case oversize(size: Int, limit: Int)
    /// TTL 0 (PoW undefined).
    case zeroTTL
    /// PoW below the required minimum.
    case insufficientPoW(pow: Double, required: Double)

    /// `false` only for `.expired`, which status-go drops silently; every other case is a protocol error.
    public var isPeerFault: Bool {
        if case .expired = self { return false }
        return true
    }

    /// Time-sync problems (`.fromFuture`, `.veryOld`) — status-go's `TimeSyncError`.
    public var isTimeSyncError: Bool {
        switch self {
        case .fromFuture, .veryOld: return true
        default: return false
        }
    }

    /// `21` (time not synced) or `22` (other), as status-go puts in `MessageResponse`.
    public var messageResponseCode: UInt {
        isTimeSyncError ? WakuConstants.responseCodeTimeNotSynced : WakuConstants.responseCodeOther
    }

    public var description: String {
        switch self {
        case .fromFuture(let sent, let now):
            return "envelope from future: sent at \(sent), \(Int64(sent) - Int64(now)) s ahead of our clock (\(now)); check the sender's clock"
        case .veryOld(let expiry, let now):
            return "very old envelope: expired at \(expiry), \(Int64(now) - Int64(expiry)) s ago; check the sender's clock"
        case .expired(let expiry, let now):
            return "expired envelope dropped: expired at \(expiry), \(Int64(now) - Int64(expiry)) s ago"
        case .oversize(let size, let limit):
            return "huge messages are not allowed: envelope size \(size) B exceeds the limit of \(limit) B"
        case .zeroTTL:
            return "envelope TTL is 0; a TTL of at least 1 s is required"
        case .insufficientPoW(let pow, let required):
            return "envelope with low PoW received: PoW \(pow) is below the required \(required)"
        }
    }
}
