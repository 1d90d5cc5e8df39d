import Kernel

/// The `store` plugin's archive and history-server counters as Prometheus samples (`/metrics`).
struct StoreMetrics: MetricsSource {
    let archive: EnvelopeArchive
    let server: StoreServer

    func samples() async -> [MetricSample] {
        var samples: [MetricSample] = [
            .counter("parley_store_envelopes_archived_total", await archive.inserted, help: "Envelopes added to the archive (duplicates not counted)."),
            .counter("parley_store_envelopes_evicted_total", await archive.evicted, help: "Envelopes removed by the archive quota."),
            .gauge("parley_store_archive_bytes", await archive.storedBytes, help: "Raw envelope bytes in the archive."),
            .counter("parley_store_history_requests_total", await server.served, help: "History requests from peers, by outcome.",
                     labels: ["outcome": "served"]),
            .counter("parley_store_history_requests_total", await server.refused, help: "History requests from peers, by outcome.",
                     labels: ["outcome": "refused"]),
        ]
        if let count = try? await archive.count() {
            samples.append(.gauge("parley_store_archive_envelopes", count, help: "Envelopes in the archive."))
        }
        return samples
    }
}
