import Kernel
import WakuCore

/// What peers sent the `waku` plugin, across all sessions: envelopes received, and those refused by
/// reason (acceptance checks, the per-peer rate limit). Read by `/metrics` through `MetricsSource`.
public actor WakuIngressStats: MetricsSource {
    /// Envelopes in messages packets from peers (history answers included), before any check.
    public private(set) var received = 0
    /// Envelopes refused, by `reason` label (`expired`, `from_future`, `insufficient_pow`, `rate_limited`…).
    public private(set) var rejected: [String: Int] = [:]

    public init() {}

    func recordReceived(_ count: Int) { received += count }

    func recordRejected(_ rejection: EnvelopeRejection) { rejected[Self.label(rejection), default: 0] += 1 }

    func recordRateLimited(_ count: Int) { rejected["rate_limited", default: 0] += count }

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
        var samples = [MetricSample.counter("parley_waku_envelopes_received_total", received,
                                            help: "Envelopes received from peers, before acceptance checks.")]
        for (reason, count) in rejected.sorted(by: { $0.key < $1.key }) {
            samples.append(.counter("parley_waku_envelopes_rejected_total", count,
                                    help: "Envelopes refused on receipt, by reason.", labels: ["reason": reason]))
        }
        return samples
    }
}
