import Foundation
import Hummingbird
import HummingbirdWebSocket
import Kernel
import NIOCore

/// The HTTP side of the `api` plugin (Hummingbird 2): `POST /` JSON-RPC, `GET /ws` (WebSocket:
/// JSON-RPC plus subscriptions), `GET /metrics`, `GET /openrpc.json`, `GET /health`. Built once per plugin start; `run` serves until cancelled.
struct ApiServer: Sendable {
    let config: ApiConfig
    let dispatcher: JSONRPCDispatcher
    let document: ControlValue
    let metrics: NodeMetrics
    let context: PluginContext
    let methods: ApiMethods

    /// Serves until the task is cancelled; `bound` gets the address actually listened on.
    func run(bound: @escaping @Sendable (String) async -> Void) async throws {
        let router = Router()
        if let token = config.token { router.add(middleware: BearerTokenMiddleware(token: token)) }
        let dispatcher = self.dispatcher, limit = config.maxBodyBytes
        router.post("/") { request, _ -> Response in
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: limit)
            } catch {
                let answer = JSONRPCDispatcher.errorResponse(id: .null, .invalidRequest("body larger than \(limit) bytes"))
                return Self.json(JSONRPCDispatcher.encode(answer), status: .contentTooLarge)
            }
            guard let answer = await dispatcher.respond(to: Array(body.readableBytesView)) else { return Response(status: .noContent) }
            return Self.json(answer)
        }
        let document = JSONRPCDispatcher.encode(self.document)
        router.get("/openrpc.json") { _, _ in Self.json(document) }
        router.get("/health") { _, _ in Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ok\n"))) }
        if config.metrics {
            let metrics = self.metrics, context = self.context
            router.get("/metrics") { _, _ -> Response in
                let text = await metrics.scrape(network: await context.network.status(), sources: context.metricsSources())
                return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(bytes: text)))
            }
        }
        let host = config.host == "[::1]" ? "::1" : config.host
        let session = WebSocketSession(dispatcher: dispatcher, methods: methods, maxMessageBytes: min(limit, 1 << 20))
        let token = config.token
        let app = Application(
            router: router,
            server: .http1WebSocketUpgrade(configuration: .init(http1: .init(idleTimeout: .seconds(Int64(config.idleTimeoutSeconds))),
                                                           ws: .init(maxFrameSize: min(limit, 1 << 20)))) { request, _, _ in
                guard request.path == "/ws" else { return .dontUpgrade }
                if let token {
                    guard let header = request.headerFields[.authorization],
                          BearerTokenMiddleware<BasicRequestContext>.matches(header, "Bearer " + token) else { return .dontUpgrade }
                }
                return .upgrade([:]) { inbound, outbound, context in
                    try await session.run(inbound: inbound, outbound: outbound, logger: context.logger)
                }
            },
            configuration: .init(address: .hostname(host, port: Int(config.port)), serverName: ParleyVersion.clientVersion),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? Int(config.port)
                let shown = host.contains(":") ? "[\(host)]" : host
                await bound("http://\(shown):\(port)")
            },
            logger: context.logger)
        try await app.run()
    }

    static func json(_ data: Data, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
