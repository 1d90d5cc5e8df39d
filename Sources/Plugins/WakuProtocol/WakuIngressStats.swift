import Kernel
import Synchronization
import WakuCore

/// What peers sent the `waku` plugin, across all sessions: envelopes received, and those refused by
/// reason (acceptance checks, the per-peer rate limit). Read by `/metrics` through `MetricsSource`.
///
/// A lock, not an actor: sessions count on their receive path without a suspension point, so
/// counting changes no task interleaving (the simulator's runs stay identical for a seed).
public final class WakuIngressStats: MetricsSource {
    private struct Counts {
        var received = 0
        var rejected: [String: Int] = [:]
    }

    private let counts = Mutex(Counts())

    public init() {}

    /// Envelopes in messages packets from peers (history answers included), before any check.
    public var received: Int { counts.withLock { $0.received } }
    /// Envelopes refused, by `reason` label (`expired`, `from_future`, `insufficient_pow`, `rate_limited`…).
    public var rejected: [String: Int] { counts.withLock { $0.rejected } }

    func recordReceived(_ count: Int) { counts.withLock { $0.received += count } }

    func recordRejected(_ rejection: EnvelopeRejection) { counts.withLock { $0.rejected[Self.label(rejection), default: 0] += 1 } }

    func recordRateLimited(_ count: Int) { counts.withLock { $0.rejected["rate_limited", default: 0] += count } }

    /// The Prometheus label value for a rejection.
    static func label(_ rejection: EnvelopeRejection) -> String {
        switch rejection {
        case .fromFuture: return "from_future"
        case .veryOld: return "very_old"
        case .expired: return "expired"
        case .oversize: return "oversize"
        case .zeroTTL: return "zero_ttl"
        case .insufficientPoW: return "insufficient_pow"
        }
    }

    public func samples() async -> [MetricSample] {
        let now = counts.withLock { $0 }
        var samples = [MetricSample.counter("parley_waku_envelopes_received_total", now.received,
                                            help: "Envelopes received from peers, before acceptance checks.")]
        for (reason, count) in now.rejected.sorted(by: { $0.key < $1.key }) {
            samples.append(.counter("parley_waku_envelopes_rejected_total", count,
                                    help: "Envelopes refused on receipt, by reason.", labels: ["reason": reason]))
        }
        return samples
    }
}
