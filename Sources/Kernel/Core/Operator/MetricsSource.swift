/// A plugin's counters and gauges, read by the `api` plugin's `/metrics` endpoint at each scrape.
///
/// Plugins keep counting in their own stats objects (no metrics library in plugin code); a plugin that
/// wants its numbers scraped provides a `MetricsSource` under `.metricsSource(<its key>)` (capability
/// `control`, so no declaration is needed) and the endpoint renders the samples in Prometheus format.
public protocol MetricsSource: Sendable {
    /// The current values. Counters are cumulative since the plugin started; gauges are instantaneous.
    func samples() async -> [MetricSample]
}

/// One value of a metric at scrape time.
public struct MetricSample: Sendable, Equatable {
    /// Prometheus kinds the endpoint renders.
    public enum Kind: String, Sendable {
        /// Only goes up (while the plugin runs): name ends in `_total`.
        case counter
        /// Goes up and down.
        case gauge
    }

    /// Full Prometheus name (`parley_waku_envelopes_relayed_total`): snake case, base units in the name.
    public let name: String
    public let help: String
    public let kind: Kind
    public let labels: [String: String]
    public let value: Double

    public init(_ name: String, _ kind: Kind, _ value: Double, help: String, labels: [String: String] = [:]) {
        self.name = name
        self.help = help
        self.kind = kind
        self.labels = labels
        self.value = value
    }

    /// A counter sample from an integer count.
    public static func counter(_ name: String, _ value: Int, help: String, labels: [String: String] = [:]) -> MetricSample {
        MetricSample(name, .counter, Double(value), help: help, labels: labels)
    }

    /// A gauge sample from an integer level.
    public static func gauge(_ name: String, _ value: Int, help: String, labels: [String: String] = [:]) -> MetricSample {
        MetricSample(name, .gauge, Double(value), help: help, labels: labels)
    }
}

extension ServiceKey where T == any MetricsSource {
    /// The metrics a plugin (by its key) exposes; looked up by the metrics endpoint with `metricsSources()`.
    public static func metricsSource(_ plugin: String) -> ServiceKey<any MetricsSource> {
        ServiceKey(.control, "\(metricsSourcePrefix)\(plugin)")
    }

    static var metricsSourcePrefix: String { "metrics." }
}

extension PluginContext {
    /// Every running plugin's metrics source, in plugin-key order.
    public func metricsSources() -> [any MetricsSource] {
        services.values(namePrefix: ServiceKey<any MetricsSource>.metricsSourcePrefix, as: (any MetricsSource).self)
    }

    /// Names of every control method a running plugin answers (for the API's method list).
    public func controlMethodNames() -> [String] {
        services.names(prefix: "control.").map { String($0.dropFirst("control.".count)) }
    }
}

extension ServiceRegistry {
    /// Every service whose name starts with `namePrefix` and whose value is a `T`, in name order.
    func values<T>(namePrefix: String, as type: T.Type) -> [T] {
        names(prefix: namePrefix).compactMap { lookupAny($0) as? T }
    }
}
