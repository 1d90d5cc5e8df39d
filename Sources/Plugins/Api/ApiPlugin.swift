import Foundation
import Kernel

/// The `api` plugin: an HTTP server for operators and programs (issue #17) — JSON-RPC 2.0 at `/`
/// with status-go's method names, Prometheus `/metrics`, the OpenRPC document at `/openrpc.json`.
///
/// It reaches the node only through seams: the plugins' control methods (`waku.post`, `waku.watch`,
/// `chat.*`), their `MetricsSource`s and the network handle, so it imports no other plugin.
/// The address it listens on is logged and written to `<data-dir>/plugins/api/endpoint`.
public struct ApiPlugin: NodePlugin {
    public static let descriptor = PluginDescriptor(
        key: "api", summary: "HTTP JSON-RPC 2.0 API (status-go names) and Prometheus /metrics, on loopback by default",
        provides: ["api"])

    public var descriptor: PluginDescriptor { Self.descriptor }
    let config: ApiConfig

    public init(config: ApiConfig) { self.config = config }

    public static func factory() -> any PluginFactory {
        TypedPluginFactory(descriptor, config: ApiConfig.self) { ApiPlugin(config: $0) }
    }

    /// The method table; `rpc.discover` answers with the document made from it.
    static func methods(_ methods: ApiMethods) -> [RPCMethod] {
        let holder = DocumentHolder()
        let all = methods.all { holder.document }
        holder.document = OpenRPCDocument.make(all)
        return all
    }

    /// What `prepare` sets up for `run`: the metrics and their event subscriptions.
    struct Prepared: Sendable {
        let metrics: NodeMetrics
        let subscriptions: NodeMetrics.Subscriptions
    }

    static let preparedKey = ServiceKey<Prepared>("api", "api.prepared")

    public func prepare(_ context: PluginContext) async throws {
        try context.provide(Self.preparedKey, Prepared(metrics: NodeMetrics(), subscriptions: .init(context.events)))
    }

    public func run(_ context: PluginContext) async throws {
        let prepared = try context.require(Self.preparedKey)
        let metrics = prepared.metrics
        let table = ApiMethods(context: context)
        let methods = Self.methods(table)
        let dispatcher = JSONRPCDispatcher(methods: methods, maxBatch: config.maxBatch) { name, failed in
            metrics.recordCall(method: name, failed: failed)
        }
        let server = ApiServer(config: config, dispatcher: dispatcher, document: OpenRPCDocument.make(methods),
                               metrics: metrics, context: context, methods: table)
        let endpointFile = (context.storageDirectory as NSString).appendingPathComponent("endpoint")
        let logger = context.logger
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await server.run { url in
                    try? Data((url + "\n").utf8).write(to: URL(fileURLWithPath: endpointFile), options: .atomic)
                    logger.notice("api listening", metadata: ["url": "\(url)", "auth": "\(config.token == nil ? "none (loopback)" : "bearer token")"])
                }
                throw ApiError.serverStopped
            }
            group.addTask { await metrics.follow(prepared.subscriptions) }
            group.addTask { await context.stopSignal.wait() }
            defer { group.cancelAll() }
            _ = try await group.next()
        }
        try? FileManager.default.removeItem(atPath: endpointFile)
    }
}

/// Why the `api` plugin stopped on its own.
public enum ApiError: Error, CustomStringConvertible {
    case serverStopped

    public var description: String {
        "the API's HTTP server stopped (is api.port already in use? pick another with --set api.port=N, or 0 for any)"
    }
}

/// Lets `rpc.discover` return the document built from the table it belongs to.
final class DocumentHolder: @unchecked Sendable {
    private let lock = NSLock()
    private var value: ControlValue = .null
    var document: ControlValue {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}
