import Kernel
import CoreMetrics
import Metrics
import Prometheus
import Synchronization

/// `/metrics`: the node's numbers in Prometheus text format.
///
/// At each scrape it samples the network status (peers by transport and direction, bytes and packets
/// by protocol and by discovery source) and every running plugin's `MetricsSource` into a
/// `PrometheusCollectorRegistry` (cumulative counts become counter increments). Events the kernel
/// publishes (connections, disconnections, profile applies) and API calls are recorded as they
/// happen through swift-metrics, whose factory is the same registry.
final class NodeMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let factory: PrometheusMetricsFactory
    /// Last value seen per counter series (name + labels), to turn totals into increments.
    private let lastTotals = Mutex<[String: Double]>([:])
    /// Gauge series set at the previous scrape, reset to 0 when they disappear (a transport's last peer left).
    private let lastGauges = Mutex<[String: MetricSample]>([:])
    private let apply: CoreMetrics.Timer

    init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets["parley_profile_apply_duration_seconds"] =
            [.milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
             .seconds(1), .seconds(2), .seconds(5), .seconds(10), .seconds(30)]
        self.factory = factory
        apply = CoreMetrics.Timer(label: "parley_profile_apply_duration_seconds", dimensions: [], factory: factory)
        registry.makeGauge(descriptor: Self.descriptor("parley_build_info", help: "Always 1; the version label says which release runs."),
                           labels: [("version", ParleyVersion.current)]).set(to: 1)
    }

    // MARK: events (swift-metrics)

    func recordApply(seconds: Double) { apply.recordNanoseconds(Int64(seconds * 1_000_000_000)) }

    func recordConnection(transport: String, direction: ConnectionDirection) {
        CoreMetrics.Counter(label: "parley_peer_connections_total", dimensions: [("transport", transport), ("direction", direction.rawValue)],
                factory: factory).increment()
    }

    func recordDisconnection(reason: DisconnectReason) {
        CoreMetrics.Counter(label: "parley_peer_disconnections_total", dimensions: [("reason", Self.labelValue(reason.name))], factory: factory).increment()
    }

    func recordCall(method: String, failed: Bool) {
        CoreMetrics.Counter(label: "parley_api_requests_total", dimensions: [("method", method), ("outcome", failed ? "error" : "ok")],
                factory: factory).increment()
    }

    /// The kernel events the metrics count, subscribed in `prepare` so the apply that starts the
    /// plugin is counted too.
    struct Subscriptions: Sendable {
        let connected: AsyncStream<PeerConnected>
        let disconnected: AsyncStream<PeerDisconnected>
        let applied: AsyncStream<ProfileApplied>

        init(_ events: EventBus) {
            connected = events.subscribe(PeerConnected.self)
            disconnected = events.subscribe(PeerDisconnected.self)
            applied = events.subscribe(ProfileApplied.self)
        }
    }

    /// Counts the subscribed events until cancelled.
    func follow(_ subscriptions: Subscriptions) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { for await event in subscriptions.connected { self.recordConnection(transport: event.transport, direction: event.direction) } }
            group.addTask { for await event in subscriptions.disconnected { self.recordDisconnection(reason: event.reason) } }
            group.addTask { for await event in subscriptions.applied { self.recordApply(seconds: event.seconds) } }
        }
    }

    // MARK: scrape

    /// Samples the network and every source, then renders the registry.
    func scrape(network: NetworkStatus, sources: [any MetricsSource]) async -> [UInt8] {
        var samples = Self.networkSamples(network)
        for source in sources { samples += await source.samples() }
        update(samples)
        return registry.emitToBuffer()
    }

    func update(_ samples: [MetricSample]) {
        var gaugesNow: [String: MetricSample] = [:]
        for sample in samples {
            let labels = sample.labels.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            let series = sample.name + "{" + labels.map { "\($0.0)=\($0.1)" }.joined(separator: ",") + "}"
            switch sample.kind {
            case .counter:
                let previous = lastTotals.withLock { totals -> Double in
                    defer { totals[series] = sample.value }
                    return totals[series] ?? 0
                }
                // A total lower than before means its plugin restarted: count from zero again.
                let increment = sample.value >= previous ? sample.value - previous : sample.value
                let counter = registry.makeCounter(descriptor: Self.descriptor(sample.name, help: sample.help), labels: labels)
                if increment > 0 { counter.increment(by: increment) }
            case .gauge:
                registry.makeGauge(descriptor: Self.descriptor(sample.name, help: sample.help), labels: labels).set(to: sample.value)
                gaugesNow[series] = sample
            }
        }
        let previous = lastGauges.withLock { last in
            defer { last = gaugesNow }
            return last
        }
        for (series, gone) in previous where gaugesNow[series] == nil {
            let labels = gone.labels.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            registry.makeGauge(descriptor: Self.descriptor(gone.name, help: gone.help), labels: labels).set(to: 0)
        }
    }

    static func networkSamples(_ status: NetworkStatus) -> [MetricSample] {
        var samples: [MetricSample] = []
        var byKind: [String: Int] = [:]
        for transport in status.transports {
            for direction in ["inbound", "outbound"] { byKind[transport + " " + direction] = 0 }
        }
        for peer in status.peers { byKind[peer.transport + " " + peer.direction.rawValue, default: 0] += 1 }
        for (key, count) in byKind.sorted(by: { $0.key < $1.key }) {
            let parts = key.split(separator: " ").map(String.init)
            samples.append(.gauge("parley_peers", count, help: "Connected peers, by transport and direction.",
                                  labels: ["transport": parts[0], "direction": parts[1]]))
        }
        samples.append(.gauge("parley_peers_known", status.knownPeers, help: "Peers in the peer book."))
        samples.append(.gauge("parley_peers_dialing", status.dialing, help: "Dials in progress."))
        for (name, traffic) in status.protocolTraffic.sorted(by: { $0.key < $1.key }) {
            samples += traffic.samples(prefix: "parley_protocol", what: "protocol", label: ["protocol": name])
        }
        for (name, traffic) in status.sourceTraffic.sorted(by: { $0.key < $1.key }) {
            samples += traffic.samples(prefix: "parley_discovery", what: "discovery source", label: ["source": name])
        }
        return samples
    }

    /// A full metric name as swift-prometheus describes it (the unit is already part of our names).
    static func descriptor(_ name: String, help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    /// `TCP error` → `tcp_error`: label values stay short and stable.
    static func labelValue(_ text: String) -> String {
        String(text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }
}

extension TrafficSnapshot {
    func samples(prefix: String, what: String, label: [String: String]) -> [MetricSample] {
        [
            MetricSample("\(prefix)_bytes_total", .counter, Double(bytesIn), help: "Bytes by \(what) and direction.", labels: label.merging(["direction": "in"]) { $1 }),
            MetricSample("\(prefix)_bytes_total", .counter, Double(bytesOut), help: "Bytes by \(what) and direction.", labels: label.merging(["direction": "out"]) { $1 }),
            MetricSample("\(prefix)_packets_total", .counter, Double(packetsIn), help: "Packets by \(what) and direction.", labels: label.merging(["direction": "in"]) { $1 }),
            MetricSample("\(prefix)_packets_total", .counter, Double(packetsOut), help: "Packets by \(what) and direction.", labels: label.merging(["direction": "out"]) { $1 }),
        ]
    }
}
