import Kernel

/// A JSON-RPC 2.0 error object: the standard codes (-32700…-32603) and the server range used here.
public struct JSONRPCError: Error, Equatable, Sendable, CustomStringConvertible {
    public let code: Int
    public let message: String

    public init(code: Int, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(message) (JSON-RPC \(code))" }

    /// The body is not JSON.
    public static func parseError(_ detail: String) -> JSONRPCError { .init(code: -32700, message: "parse error: \(detail)") }
    /// JSON, but not a request object (missing `jsonrpc: "2.0"` or `method`, empty batch, batch too big, body too large).
    public static func invalidRequest(_ detail: String) -> JSONRPCError { .init(code: -32600, message: "invalid request: \(detail)") }
    /// No such method (the message lists what exists via `rpc.discover`).
    public static func methodNotFound(_ name: String) -> JSONRPCError {
        .init(code: -32601, message: "method not found: \(name) (call rpc.discover for the method list)")
    }
    /// A parameter is missing or has the wrong type.
    public static func invalidParams(_ detail: String) -> JSONRPCError { .init(code: -32602, message: "invalid params: \(detail)") }
    /// A bug on our side.
    public static func internalError(_ detail: String) -> JSONRPCError { .init(code: -32603, message: "internal error: \(detail)") }
    /// The method ran and failed (no peer, filter not found, the plugin behind it is not running…).
    public static func serverError(_ detail: String) -> JSONRPCError { .init(code: -32000, message: detail) }

    var controlValue: ControlValue { .object(["code": .number(Double(code)), "message": .string(message)]) }
}
