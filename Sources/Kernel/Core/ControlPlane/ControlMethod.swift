/// A command a plugin answers over the node's control socket, so CLI commands such as `parley post`,
/// `watch` and `history` reach a running node's plugins without the kernel knowing about them.
///
/// A plugin registers its methods in `prepare` with `try context.provide(.controlMethod("waku.post"), method)`
/// (capability `control`, which every plugin may provide); they go away when it stops. The kernel finds
/// them with `controlMethod(named:)`. A name has one provider at a time.
public protocol ControlMethod: Sendable {
    /// Runs the command with string parameters (as typed on the command line) and returns a JSON value.
    /// Throw an error whose description tells the user what to fix.
    func call(_ parameters: [String: String]) async throws -> ControlValue
}

extension ServiceKey where T == any ControlMethod {
    /// The control method called `name` on the control socket (`parley ctl`, `post`, `watch`…).
    public static func controlMethod(_ name: String) -> ServiceKey<any ControlMethod> {
        ServiceKey(.control, "control.\(name)")
    }
}

/// A JSON value returned by a control method.
public indirect enum ControlValue: Sendable, Equatable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([ControlValue])
    case object([String: ControlValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([ControlValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: ControlValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The string, if this is one.
    public var string: String? { if case .string(let value) = self { return value } else { return nil } }
    /// The array, if this is one.
    public var array: [ControlValue]? { if case .array(let value) = self { return value } else { return nil } }
    /// The member `key`, if this is an object that has it.
    public subscript(key: String) -> ControlValue? { if case .object(let value) = self { return value[key] } else { return nil } }
}

/// A parameter a control method needed was missing or malformed.
public struct ControlParameterError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension Dictionary where Key == String, Value == String {
    /// The parameter `name`, or an error naming the flag to pass.
    public func required(_ name: String) throws -> String {
        guard let value = self[name], !value.isEmpty else { throw ControlParameterError("missing --\(name)") }
        return value
    }

    /// A number parameter (≥ 0) with a default.
    public func number(_ name: String, default value: Double) throws -> Double {
        guard let text = self[name] else { return value }
        guard let number = Double(text), number.isFinite, number >= 0 else { throw ControlParameterError("--\(name) must be a number ≥ 0") }
        return number
    }
}
