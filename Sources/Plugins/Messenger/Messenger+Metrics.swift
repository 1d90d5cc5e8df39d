import Kernel

/// The messenger's counters as Prometheus samples (`/metrics`).
extension Messenger: MetricsSource {
    public func samples() async -> [MetricSample] {
        var samples: [MetricSample] = [
            .counter("parley_messenger_messages_total", messagesSent, help: "Chat messages, by direction.", labels: ["direction": "sent"]),
            .counter("parley_messenger_messages_total", messagesReceived, help: "Chat messages, by direction.", labels: ["direction": "received"]),
        ]
        for (layer, count) in dropped.sorted(by: { $0.key < $1.key }) {
            samples.append(.counter("parley_messenger_envelopes_dropped_total", count,
                                    help: "Envelopes the messenger could not use, by the layer that failed.", labels: ["layer": layer]))
        }
        return samples
    }
}
