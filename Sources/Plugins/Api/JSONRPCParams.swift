import Kernel

/// A request's `params`, by position (`[…]`) or by name (`{…}`), with typed accessors that throw
/// `invalidParams` naming the parameter and the type it needed.
public struct JSONRPCParams: Sendable {
    let value: ControlValue?

    init(_ value: ControlValue?) { self.value = value }

    /// The parameter at `index` (positional) or under `name` (named); nil when absent or null.
    func raw(_ index: Int, _ name: String) -> ControlValue? {
        let found: ControlValue?
        switch value {
        case .array(let items)?: found = index < items.count ? items[index] : nil
        case .object(let members)?: found = members[name]
        default: found = nil
        }
        if case .null? = found { return nil }
        return found
    }

    func string(_ index: Int, _ name: String) throws(JSONRPCError) -> String {
        guard let found = raw(index, name) else { throw .invalidParams("missing \(name) (a string)") }
        guard case .string(let text) = found else { throw .invalidParams("\(name) must be a string") }
        return text
    }

    func object(_ index: Int, _ name: String) throws(JSONRPCError) -> JSONRPCObject {
        guard let found = raw(index, name) else { throw .invalidParams("missing \(name) (an object)") }
        guard case .object(let members) = found else { throw .invalidParams("\(name) must be an object") }
        return JSONRPCObject(name: name, members: members)
    }

    /// Rejects params that are neither absent, an array nor an object (JSON-RPC 2.0 §4.2).
    static func validate(_ value: ControlValue?) throws(JSONRPCError) {
        switch value {
        case nil, .array?, .object?: return
        default: throw .invalidParams("params must be an array or an object")
        }
    }
}

/// An object parameter's members, with typed accessors.
struct JSONRPCObject: Sendable {
    let name: String
    let members: [String: ControlValue]

    func optionalString(_ key: String) throws(JSONRPCError) -> String? {
        switch members[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw .invalidParams("\(name).\(key) must be a string")
        }
    }

    func optionalInteger(_ key: String, in range: ClosedRange<Int>) throws(JSONRPCError) -> Int? {
        switch members[key] {
        case nil, .null?: return nil
        case .number(let number)?:
            guard number.rounded() == number, number >= Double(range.lowerBound), number <= Double(range.upperBound) else {
                throw .invalidParams("\(name).\(key) must be an integer in \(range.lowerBound)…\(range.upperBound)")
            }
            return Int(number)
        default: throw .invalidParams("\(name).\(key) must be a number")
        }
    }

    func optionalNumber(_ key: String) throws(JSONRPCError) -> Double? {
        switch members[key] {
        case nil, .null?: return nil
        case .number(let number)?: return number
        default: throw .invalidParams("\(name).\(key) must be a number")
        }
    }

    func stringArray(_ key: String) throws(JSONRPCError) -> [String] {
        guard case .array(let items)? = members[key] else { throw .invalidParams("\(name).\(key) must be an array of strings") }
        var strings: [String] = []
        for item in items {
            guard case .string(let text) = item else { throw .invalidParams("\(name).\(key) must be an array of strings") }
            strings.append(text)
        }
        return strings
    }

    /// Members as control-socket string parameters (for `parley_call`).
    func stringDictionary() throws(JSONRPCError) -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in members {
            switch value {
            case .string(let text): result[key] = text
            case .number(let number): result[key] = number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
            case .bool(let flag): result[key] = flag ? "true" : "false"
            default: throw .invalidParams("\(name).\(key) must be a string, number or boolean")
            }
        }
        return result
    }
}
