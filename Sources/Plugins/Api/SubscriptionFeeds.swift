import Kernel

/// What a WebSocket client can subscribe to with `parley_subscribe`, and the loop that feeds each:
/// `messages` (Waku messages on a topic, via the `receive` plugin's `waku.watch`), `chat` (chat
/// messages, via the messenger's `chat.notify`), `peers` (connections and disconnections from the
/// kernel's event bus).
enum SubscriptionFeed: String, CaseIterable, Sendable {
    case messages, chat, peers

    /// Builds the feed from `parley_subscribe` params (`[kind, criteria?]` or `{kind, criteria}`).
    static func parse(_ params: JSONRPCParams, methods: ApiMethods) throws -> (SubscriptionFeed, [String: String]) {
        let name = try params.string(0, "kind")
        guard let feed = SubscriptionFeed(rawValue: name) else {
            throw JSONRPCError.invalidParams("kind must be one of \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        switch feed {
        case .messages:
            let criteria = try params.object(1, "criteria")
            let topics = try criteria.stringArray("topics")
            guard topics.count == 1 else { throw JSONRPCError.invalidParams("criteria.topics must hold exactly one topic") }
            var parameters = try methods.keyParameters(criteria)
            parameters["topic"] = try methods.topic(topics[0], name: "criteria.topics[0]")
            return (feed, parameters)
        case .chat:
            let all = params.raw(1, "criteria") == nil ? false : (try params.object(1, "criteria").members["all"] == .bool(true))
            return (feed, all ? ["all": "true"] : [:])
        case .peers:
            return (feed, [:])
        }
    }

    /// Runs until cancelled or until `notify` returns false (the client cannot keep up).
    func run(id: String, parameters: [String: String], methods: ApiMethods,
             notify: @escaping @Sendable (ControlValue) -> Bool) async throws {
        switch self {
        case .messages, .chat:
            let method = self == .messages ? try methods.control("waku.watch", plugin: "receive")
                                           : try methods.control("chat.notify", plugin: "messenger")
            var parameters = parameters
            parameters["id"] = "ws-" + id
            parameters["wait-seconds"] = "10"
            while !Task.isCancelled {
                let result = try await method.call(parameters)
                for item in result["messages"]?.array ?? [] where !notify(item) { return }
            }
        case .peers:
            let connected = methods.context.events.subscribe(PeerConnected.self)
            let disconnected = methods.context.events.subscribe(PeerDisconnected.self)
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await event in connected {
                        let item: ControlValue = .object([
                            "event": .string("connected"), "peer": .string(event.peer.hex), "address": .string(event.address.description),
                            "transport": .string(event.transport), "direction": .string(event.direction.rawValue)])
                        guard notify(item) else { return }
                    }
                }
                group.addTask {
                    for await event in disconnected {
                        guard notify(.object(["event": .string("disconnected"), "peer": .string(event.peer.hex),
                                              "reason": .string(event.reason.description)])) else { return }
                    }
                }
                await group.next()
                group.cancelAll()
            }
        }
    }
}
