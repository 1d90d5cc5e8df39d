import Foundation
import Kernel

/// Parses a JSON-RPC 2.0 body (one request or a batch), runs each request's method and builds the
/// response body. Never throws: every failure is a JSON-RPC error object in the answer.
struct JSONRPCDispatcher: Sendable {
    let methods: [String: RPCMethod]
    let maxBatch: Int
    /// Counts each call by method (swift-metrics, exported on `/metrics`).
    let record: @Sendable (_ method: String, _ failed: Bool) -> Void

    init(methods: [RPCMethod], maxBatch: Int, record: @escaping @Sendable (String, Bool) -> Void = { _, _ in }) {
        self.methods = Dictionary(methods.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.maxBatch = maxBatch
        self.record = record
    }

    /// The response body for `body`, or nil when nothing is to be answered (only notifications).
    func respond(to body: [UInt8]) async -> Data? {
        let parsed: ControlValue
        do {
            parsed = try JSONDecoder().decode(ControlValue.self, from: Data(body))
        } catch {
            return Self.encode(Self.errorResponse(id: .null, .parseError("the body is not JSON")))
        }
        switch parsed {
        case .array(let requests):
            guard !requests.isEmpty else { return Self.encode(Self.errorResponse(id: .null, .invalidRequest("empty batch"))) }
            guard requests.count <= maxBatch else {
                return Self.encode(Self.errorResponse(id: .null, .invalidRequest("batch of \(requests.count) requests; at most \(maxBatch)")))
            }
            var answers: [ControlValue] = []
            for request in requests {
                if let answer = await handle(request) { answers.append(answer) }
            }
            return answers.isEmpty ? nil : Self.encode(.array(answers))
        default:
            return await handle(parsed).map(Self.encode)
        }
    }

    /// One request object → its response (nil for a notification: no `id` member).
    func handle(_ request: ControlValue) async -> ControlValue? {
        guard case .object(let members) = request else {
            return Self.errorResponse(id: .null, .invalidRequest("a request must be a JSON object"))
        }
        let id = members["id"] ?? .null
        switch id {
        case .null, .string, .number: break
        default: return Self.errorResponse(id: .null, .invalidRequest("id must be a string, a number or null"))
        }
        let isNotification = members["id"] == nil
        guard members["jsonrpc"] == .string("2.0") else {
            return Self.errorResponse(id: id, .invalidRequest("jsonrpc must be \"2.0\""))
        }
        guard case .string(let name)? = members["method"] else {
            return Self.errorResponse(id: id, .invalidRequest("method must be a string"))
        }
        let result: Result<ControlValue, JSONRPCError>
        if let method = methods[name] {
            result = await run(method, params: members["params"])
        } else {
            result = .failure(.methodNotFound(name))
        }
        if case .failure = result { record(methods[name] == nil ? "unknown" : name, true) } else { record(name, false) }
        guard !isNotification else { return nil }
        switch result {
        case .success(let value): return .object(["jsonrpc": .string("2.0"), "id": id, "result": value])
        case .failure(let error): return Self.errorResponse(id: id, error)
        }
    }

    func run(_ method: RPCMethod, params: ControlValue?) async -> Result<ControlValue, JSONRPCError> {
        do {
            try JSONRPCParams.validate(params)
            return .success(try await method.run(JSONRPCParams(params)))
        } catch let error as JSONRPCError {
            return .failure(error)
        } catch let error as ControlParameterError {
            return .failure(.invalidParams(error.description))
        } catch {
            return .failure(.serverError("\(error)"))
        }
    }

    static func errorResponse(id: ControlValue, _ error: JSONRPCError) -> ControlValue {
        .object(["jsonrpc": .string("2.0"), "id": id, "error": error.controlValue])
    }

    static func encode(_ value: ControlValue) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)) ?? Data(#"{"jsonrpc":"2.0","id":null,"error":{"code":-32603,"message":"internal error: unencodable result"}}"#.utf8)
    }
}
