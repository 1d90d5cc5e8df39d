import Kernel
import Primitives

/// The JSON-RPC methods the `api` plugin serves, with status-go's names where status-go has the
/// method (`waku_*`, `admin_*`, `web3_clientVersion`) and `parley_*` for the rest. Waku methods call
/// the control methods of the plugins behind them (`waku.post` of `send`, `waku.watch` of `receive`),
/// so the API and `parley post|watch` run the same code.
struct ApiMethods: Sendable {
    let context: PluginContext
    let filters = MessageFilters()

    /// Every method, in the order the OpenRPC document lists them.
    func all(discover: @escaping @Sendable () -> ControlValue) -> [RPCMethod] {
        [clientVersion, info, post, newMessageFilter, getFilterMessages, deleteMessageFilter,
         nodeInfo, peers, addPeer, removePeer, call, subscribe, unsubscribe, rpcDiscover(discover)]
    }

    // MARK: web3 / waku

    var clientVersion: RPCMethod {
        RPCMethod(name: "web3_clientVersion", summary: "The node's client version, parley/<version>.", params: [],
                  result: .init("version", "client version", Schema.string)) { _ in .string(ParleyVersion.clientVersion) }
    }

    var info: RPCMethod {
        RPCMethod(name: "waku_info", summary: "The node's version, wire target, identity and connected peer count.", params: [],
                  result: .init("info", "node summary", Schema.anyObject)) { _ in
            let status = await context.network.status()
            return .object([
                "clientVersion": .string(ParleyVersion.clientVersion), "wireTarget": .string(ParleyVersion.wireTarget),
                "nodeId": .string(status.localPeer), "peers": .number(Double(status.peers.count)),
                "protocols": .array(status.handlers.map(ControlValue.string)),
            ])
        }
    }

    var post: RPCMethod {
        let message = Schema.object([
            "topic": Schema.hexString("^0x[0-9a-fA-F]{8}$"), "payload": Schema.hexString("^0x([0-9a-fA-F]{2})*$"),
            "text": Schema.string, "symKey": Schema.hexString("^0x[0-9a-fA-F]{64}$"), "password": Schema.string,
            "pubKey": Schema.string, "ttl": Schema.integer, "powTarget": .object(["type": .string("number")]),
        ], required: ["topic"])
        return RPCMethod(name: "waku_post", summary: "Seal and send a message on a topic (symKey/password, or pubKey for asymmetric); returns the envelope hash. `payload` is hex of UTF-8 text, or give `text`.",
                         params: [.init("message", "the message", message)],
                         result: .init("hash", "envelope hash", Schema.string)) { params in
            let message = try params.object(0, "message")
            var parameters = try keyParameters(message)
            parameters["topic"] = try topic(try message.optionalString("topic"), name: "message.topic")
            parameters["payload"] = try payloadText(message)
            if let ttl = try message.optionalInteger("ttl", in: 1...2_592_000) { parameters["ttl"] = String(ttl) }
            if let pow = try message.optionalNumber("powTarget") { parameters["pow"] = String(pow) }
            if let pubKey = try message.optionalString("pubKey") { parameters["to"] = pubKey }
            let result = try await control("waku.post", plugin: "send").call(parameters)
            return result["hash"] ?? .null
        }
    }

    var newMessageFilter: RPCMethod {
        let criteria = Schema.object([
            "topics": Schema.arrayOf(Schema.hexString("^0x[0-9a-fA-F]{8}$")), "symKey": Schema.hexString("^0x[0-9a-fA-F]{64}$"),
            "password": Schema.string,
        ], required: ["topics"])
        return RPCMethod(name: "waku_newMessageFilter", summary: "Start collecting messages on one topic (symKey/password or the node key); returns the filter id.",
                         params: [.init("criteria", "what to collect", criteria)],
                         result: .init("id", "filter id", Schema.string)) { params in
            let criteria = try params.object(0, "criteria")
            let topics = try criteria.stringArray("topics")
            guard topics.count == 1 else { throw JSONRPCError.invalidParams("criteria.topics must hold exactly one topic (one filter per topic)") }
            var parameters = try keyParameters(criteria)
            parameters["topic"] = try topic(topics[0], name: "criteria.topics[0]")
            let id = Hex.encode((0..<16).map { _ in UInt8.random(in: 0...255) })
            parameters["id"] = id
            try await filters.add(id, parameters: parameters)
            do {
                _ = try await poll(parameters)   // subscribes now, so messages from this moment on are kept
            } catch {
                _ = await filters.remove(id)
                throw error
            }
            return .string(id)
        }
    }

    var getFilterMessages: RPCMethod {
        RPCMethod(name: "waku_getFilterMessages", summary: "Messages a filter collected since the previous call.",
                  params: [.init("id", "filter id", Schema.string)],
                  result: .init("messages", "decrypted messages", Schema.array)) { params in
            let id = try params.string(0, "id")
            guard let parameters = await filters.parameters(id) else { throw JSONRPCError.serverError("filter not found: \(id)") }
            return try await poll(parameters)["messages"] ?? .array([])
        }
    }

    var deleteMessageFilter: RPCMethod {
        RPCMethod(name: "waku_deleteMessageFilter", summary: "Forget a filter; false when there was none.",
                  params: [.init("id", "filter id", Schema.string)],
                  result: .init("deleted", "whether it existed", Schema.boolean)) { params in
            .bool(await filters.remove(try params.string(0, "id")))
        }
    }

    // MARK: admin

    var nodeInfo: RPCMethod {
        RPCMethod(name: "admin_nodeInfo", summary: "The node's identity, enode URL, listen addresses and protocols.", params: [],
                  result: .init("nodeInfo", "node description", Schema.anyObject)) { _ in
            let status = await context.network.status()
            return .object([
                "id": .string(status.localPeer), "name": .string(ParleyVersion.clientVersion),
                "enode": status.listenAddresses.first { $0.hasPrefix("enode://") }.map(ControlValue.string) ?? .null,
                "listenAddresses": .array(status.listenAddresses.map(ControlValue.string)),
                "ports": .object(status.listenPorts.mapValues { .number(Double($0)) }),
                "protocols": .array(status.handlers.map(ControlValue.string)),
            ])
        }
    }

    var peers: RPCMethod {
        RPCMethod(name: "admin_peers", summary: "Connected peers: id, address, transport, direction, protocols and traffic.", params: [],
                  result: .init("peers", "connected peers", Schema.arrayOf(Schema.anyObject))) { _ in
            .array(await context.network.status().peers.map { peer in
                .object([
                    "id": .string(peer.id), "enode": .string(peer.address), "transport": .string(peer.transport),
                    "caps": .array(peer.protocols.map(ControlValue.string)),
                    "network": .object(["inbound": .bool(peer.direction == .inbound)]),
                    "traffic": .object([
                        "bytesIn": .number(Double(peer.traffic.bytesIn)), "bytesOut": .number(Double(peer.traffic.bytesOut)),
                        "packetsIn": .number(Double(peer.traffic.packetsIn)), "packetsOut": .number(Double(peer.traffic.packetsOut)),
                    ]),
                ])
            })
        }
    }

    var addPeer: RPCMethod {
        RPCMethod(name: "admin_addPeer", summary: "Keep a peer (enode://, enr:, multiaddr, memory://) connected from now on.",
                  params: [.init("url", "peer address", Schema.string)],
                  result: .init("added", "true", Schema.boolean)) { params in
            await context.network.addOperatorPeer(try address(try params.string(0, "url")))
            return .bool(true)
        }
    }

    var removePeer: RPCMethod {
        RPCMethod(name: "admin_removePeer", summary: "Forget a peer and disconnect it; false when the node did not know it.",
                  params: [.init("url", "peer address", Schema.string)],
                  result: .init("removed", "whether it was known", Schema.boolean)) { params in
            .bool(await context.network.removePeer(try address(try params.string(0, "url"))))
        }
    }

    // MARK: parley

    var call: RPCMethod {
        RPCMethod(name: "parley_call", summary: "Call a plugin's control method (chat.send, chat.chats, waku.history, …) with named string parameters, as `parley` does over the control socket.",
                  params: [.init("method", "control method name", Schema.string),
                           .init("params", "its parameters", Schema.anyObject, required: false)],
                  result: .init("result", "what the method returned", .object([:]))) { params in
            let name = try params.string(0, "method")
            let parameters = params.raw(1, "params") == nil ? [:] : try params.object(1, "params").stringDictionary()
            guard let method = try context.lookup(.controlMethod(name)) else {
                let known = context.controlMethodNames()
                throw JSONRPCError.serverError("no running plugin answers control method '\(name)' ("
                    + (known.isEmpty ? "no plugin of this profile has control methods)" : "available: \(known.joined(separator: ", ")))"))
            }
            return try await method.call(parameters)
        }
    }

    /// Answered by `WebSocketSession` on `/ws`; over plain HTTP these say where to go.
    var subscribe: RPCMethod {
        RPCMethod(name: "parley_subscribe", summary: "WebSocket (/ws) only: subscribe to `messages` (criteria {topics:[one], symKey|password}), `chat` (criteria {all}) or `peers`; notifications arrive as parley_subscription.",
                  params: [.init("kind", "messages, chat or peers", .object(["type": .string("string"), "enum": .array(["messages", "chat", "peers"].map(ControlValue.string))])),
                           .init("criteria", "what to deliver", Schema.anyObject, required: false)],
                  result: .init("subscription", "subscription id", Schema.string)) { _ in
            throw JSONRPCError.serverError("subscriptions need the WebSocket endpoint: connect to ws://<api host:port>/ws")
        }
    }

    var unsubscribe: RPCMethod {
        RPCMethod(name: "parley_unsubscribe", summary: "WebSocket (/ws) only: end a subscription; false when there was none.",
                  params: [.init("subscription", "subscription id", Schema.string)],
                  result: .init("ended", "whether it existed", Schema.boolean)) { _ in
            throw JSONRPCError.serverError("subscriptions need the WebSocket endpoint: connect to ws://<api host:port>/ws")
        }
    }

    func rpcDiscover(_ document: @escaping @Sendable () -> ControlValue) -> RPCMethod {
        RPCMethod(name: "rpc.discover", summary: "This API's OpenRPC document.", params: [],
                  result: .init("document", "OpenRPC 1.2.6 document", Schema.anyObject)) { _ in document() }
    }

    // MARK: helpers

    func control(_ name: String, plugin: String) throws -> any ControlMethod {
        guard let method = try context.lookup(.controlMethod(name)) else {
            throw JSONRPCError.serverError("the `\(plugin)` plugin is not running; add `\(plugin): {}` to the node's profile")
        }
        return method
    }

    func poll(_ parameters: [String: String]) async throws -> ControlValue {
        var parameters = parameters
        parameters["wait-seconds"] = "0"
        return try await control("waku.watch", plugin: "receive").call(parameters)
    }

    func keyParameters(_ object: JSONRPCObject) throws -> [String: String] {
        var parameters: [String: String] = [:]
        if let symKey = try object.optionalString("symKey") {
            let hex = symKey.hasPrefix("0x") ? String(symKey.dropFirst(2)) : symKey
            guard hex.count == 64, (try? Hex.decode(hex)) != nil else { throw JSONRPCError.invalidParams("\(object.name).symKey must be 32 bytes of hex") }
            parameters["sym-key"] = hex
        }
        if let password = try object.optionalString("password") { parameters["password"] = password }
        return parameters
    }

    func topic(_ text: String?, name: String) throws -> String {
        guard let text else { throw JSONRPCError.invalidParams("missing \(name) (4 bytes of hex, 0x12345678)") }
        let hex = text.hasPrefix("0x") ? String(text.dropFirst(2)) : text
        guard hex.count == 8, (try? Hex.decode(hex)) != nil else { throw JSONRPCError.invalidParams("\(name) must be 4 bytes of hex, like 0x12345678") }
        return hex
    }

    func payloadText(_ message: JSONRPCObject) throws -> String {
        if let text = try message.optionalString("text") { return text }
        guard let payload = try message.optionalString("payload") else { throw JSONRPCError.invalidParams("message needs payload (0x hex) or text") }
        let hex = payload.hasPrefix("0x") ? String(payload.dropFirst(2)) : payload
        guard let bytes = try? Hex.decode(hex) else { throw JSONRPCError.invalidParams("message.payload must be 0x-prefixed hex") }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw JSONRPCError.invalidParams("message.payload must be UTF-8 text (the send plugin posts text); binary payloads are not supported yet")
        }
        return text
    }

    func address(_ text: String) throws -> PeerAddress {
        do { return try PeerAddress(parsing: text) } catch { throw JSONRPCError.invalidParams("\(error)") }
    }
}
