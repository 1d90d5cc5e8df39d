import Foundation
import HummingbirdWebSocket
import Kernel
import Logging
import Primitives
import Synchronization

/// One client on `/ws`: JSON-RPC calls as text frames (answered by the same dispatcher as HTTP),
/// plus `parley_subscribe` / `parley_unsubscribe`, whose notifications arrive as
/// `{"jsonrpc":"2.0","method":"parley_subscription","params":{"subscription":ID,"result":…}}`.
///
/// Memory stays bounded: frames above `maxMessageBytes` end the connection, a client holds at most
/// `maxSubscriptions`, and everything sent waits in one outbox of `outboxCapacity` messages; a
/// client that lets it fill is disconnected (policy violation) rather than buffered without end.
struct WebSocketSession: Sendable {
    static let maxSubscriptions = 16
    static let outboxCapacity = 1024

    let dispatcher: JSONRPCDispatcher
    let methods: ApiMethods
    let maxMessageBytes: Int

    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, logger: Logger) async throws {
        let (outbox, sink) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingOldest(Self.outboxCapacity))
        let subscriptions = OwnedSubscriptions()
        let outboxState = OutboxState()
        let send: @Sendable (String) -> Bool = { text in
            guard case .enqueued = sink.yield(text) else {
                outboxState.overflowed.withLock { $0 = true }
                sink.finish()
                return false
            }
            return true
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await text in outbox { try await outbound.write(.text(text)) }
                // The outbox ended: the session is over, or the client stopped reading and it filled up.
                if outboxState.overflowed.withLock({ $0 }) {
                    try? await outbound.close(.policyViolation, reason: "client too slow: \(Self.outboxCapacity) messages waiting")
                }
            }
            do {
                for try await message in inbound.messages(maxSize: maxMessageBytes) {
                    guard case .text(let text) = message else {
                        guard send(Self.error(.invalidRequest("send JSON-RPC requests as text frames"))) else { break }
                        continue
                    }
                    if let answer = await answer(text, subscriptions: subscriptions, send: send), !send(answer) { break }
                }
            } catch {
                logger.debug("websocket client dropped", metadata: ["reason": "\(error)"])
            }
            await subscriptions.cancelAll()
            sink.finish()
            group.cancelAll()   // a writer stuck on a client that stopped reading must not hold the session
            try? await group.waitForAll()
        }
    }

    /// The answer to one text frame (nil for notifications).
    func answer(_ text: String, subscriptions: OwnedSubscriptions, send: @escaping @Sendable (String) -> Bool) async -> String? {
        guard let request = try? JSONDecoder().decode(ControlValue.self, from: Data(text.utf8)),
              case .string(let method)? = request["method"], method == "parley_subscribe" || method == "parley_unsubscribe",
              request["jsonrpc"] == .string("2.0") else {
            return await dispatcher.respond(to: Array(text.utf8)).map { String(decoding: $0, as: UTF8.self) }
        }
        let id = request["id"] ?? .null
        let result: Result<ControlValue, JSONRPCError>
        do {
            let params = request["params"]
            try JSONRPCParams.validate(params)
            if method == "parley_unsubscribe" {
                result = .success(.bool(await subscriptions.cancel(try JSONRPCParams(params).string(0, "subscription"))))
            } else {
                result = .success(.string(try await subscribe(JSONRPCParams(params), subscriptions: subscriptions, send: send)))
            }
        } catch let error as JSONRPCError {
            result = .failure(error)
        } catch {
            result = .failure(.serverError("\(error)"))
        }
        var failed = false
        if case .failure = result { failed = true }
        dispatcher.record(method, failed)
        guard request["id"] != nil else { return nil }
        switch result {
        case .success(let value): return Self.encode(.object(["jsonrpc": .string("2.0"), "id": id, "result": value]))
        case .failure(let error): return Self.encode(JSONRPCDispatcher.errorResponse(id: id, error))
        }
    }

    func subscribe(_ params: JSONRPCParams, subscriptions: OwnedSubscriptions, send: @escaping @Sendable (String) -> Bool) async throws -> String {
        let (feed, parameters) = try SubscriptionFeed.parse(params, methods: methods)
        if feed != .peers { _ = try methods.control(feed == .messages ? "waku.watch" : "chat.notify", plugin: feed == .messages ? "receive" : "messenger") }
        let id = Hex.encode((0..<16).map { _ in UInt8.random(in: 0...255) })
        let methods = self.methods
        let notify: @Sendable (ControlValue) -> Bool = { item in
            send(Self.encode(.object(["jsonrpc": .string("2.0"), "method": .string("parley_subscription"),
                                      "params": .object(["subscription": .string(id), "result": item])])))
        }
        try await subscriptions.add(id, limit: Self.maxSubscriptions) {
            Task {
                do {
                    try await feed.run(id: id, parameters: parameters, methods: methods, notify: notify)
                } catch {
                    guard !Task.isCancelled else { return }
                    _ = notify(.object(["error": JSONRPCError.serverError("subscription ended: \(error)").controlValue]))
                }
            }
        }
        return id
    }

    static func error(_ error: JSONRPCError) -> String { encode(JSONRPCDispatcher.errorResponse(id: .null, error)) }

    static func encode(_ value: ControlValue) -> String { String(decoding: JSONRPCDispatcher.encode(value), as: UTF8.self) }
}

/// A session's subscription tasks: it owns them and cancels them on unsubscribe and when the session ends.
actor OwnedSubscriptions {
    private var tasks: [String: Task<Void, Never>] = [:]

    func add(_ id: String, limit: Int, start: () -> Task<Void, Never>) throws(JSONRPCError) {
        guard tasks.count < limit else { throw .serverError("at most \(limit) subscriptions per connection; parley_unsubscribe some first") }
        tasks[id] = start()
    }

    func cancel(_ id: String) -> Bool {
        guard let task = tasks.removeValue(forKey: id) else { return false }
        task.cancel()
        return true
    }

    func cancelAll() {
        for task in tasks.values { task.cancel() }
        tasks = [:]
    }
}

/// Whether a session's outbox overflowed (its client stopped reading), read when closing the socket.
final class OutboxState: Sendable {
    let overflowed = Mutex(false)
}
