import Kernel

/// The relay's counters as Prometheus samples (`/metrics`).
extension RelayStats: MetricsSource {
    public func samples() async -> [MetricSample] {
        [
            .counter("parley_waku_envelopes_relayed_total", flooded, help: "Envelopes flooded onward to interested peers."),
            .counter("parley_waku_relay_copies_sent_total", copiesSent, help: "Envelope copies queued to peers by the relay."),
            .counter("parley_waku_relay_copies_dropped_total", copiesDroppedForSlowPeers,
                     help: "Envelope copies not sent, by reason.", labels: ["reason": "slow_peer"]),
            .counter("parley_waku_envelopes_duplicate_total", duplicates, help: "Envelopes not relayed because they were relayed before."),
            .counter("parley_waku_envelopes_expired_total", expired, help: "Envelopes not relayed because they expired first."),
        ]
    }
}
