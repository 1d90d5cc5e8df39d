import Kernel

/// One JSON-RPC method: its name, what it documents in the OpenRPC document, and what it runs.
struct RPCMethod: Sendable {
    /// A parameter or result as OpenRPC describes it (`schema` is JSON Schema).
    struct Descriptor: Sendable {
        let name: String
        let summary: String
        let schema: ControlValue
        let required: Bool

        init(_ name: String, _ summary: String, _ schema: ControlValue, required: Bool = true) {
            self.name = name
            self.summary = summary
            self.schema = schema
            self.required = required
        }
    }

    let name: String
    let summary: String
    let params: [Descriptor]
    let result: Descriptor
    /// Throws `JSONRPCError` for bad params; any other error becomes a server error (-32000).
    let run: @Sendable (JSONRPCParams) async throws -> ControlValue
}

/// JSON Schema fragments for method descriptors.
enum Schema {
    static let string: ControlValue = .object(["type": .string("string")])
    static let boolean: ControlValue = .object(["type": .string("boolean")])
    static let integer: ControlValue = .object(["type": .string("integer")])
    static let anyObject: ControlValue = .object(["type": .string("object")])
    static let array: ControlValue = .object(["type": .string("array")])
    static func object(_ properties: [String: ControlValue], required: [String] = []) -> ControlValue {
        .object(["type": .string("object"), "properties": .object(properties), "required": .array(required.map(ControlValue.string))])
    }
    static func arrayOf(_ items: ControlValue) -> ControlValue { .object(["type": .string("array"), "items": items]) }
    static func hexString(_ pattern: String) -> ControlValue { .object(["type": .string("string"), "pattern": .string(pattern)]) }
}
