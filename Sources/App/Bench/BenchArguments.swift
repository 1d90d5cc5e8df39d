/// `parley-bench`'s command line.
struct BenchArguments: Sendable {
    /// Why the command line was refused.
    enum Failure: Error, CustomStringConvertible {
        case unknownGroup(String)
        case missingValue(String)
        case unknownOption(String)

        var description: String {
            switch self {
            case .unknownGroup(let name): "unknown group '\(name)'; groups: \(BenchGroup.allCases.map(\.rawValue).joined(separator: ", "))"
            case .missingValue(let option): "\(option) needs a value"
            case .unknownOption(let option): "unknown option \(option); usage: parley-bench [profiles-dir] [--only group[,group…]] [--list]"
            }
        }
    }

    var profiles = "profiles/demo"
    var groups = Set(BenchGroup.allCases)
    var listOnly = false

    init(parsing arguments: [String]) throws(Failure) {
        var selected: Set<BenchGroup> = []
        var rest = arguments[...]
        var positional: [String] = []
        while let argument = rest.popFirst() {
            switch argument {
            case "--list": listOnly = true
            case "--only":
                guard let value = rest.popFirst() else { throw .missingValue(argument) }
                selected.formUnion(try Self.groups(value))
            case _ where argument.hasPrefix("--only="):
                selected.formUnion(try Self.groups(String(argument.dropFirst("--only=".count))))
            case _ where argument.hasPrefix("-"): throw .unknownOption(argument)
            default: positional.append(argument)
            }
        }
        if let first = positional.first { profiles = first }
        if !selected.isEmpty { groups = selected }
    }

    private static func groups(_ list: String) throws(Failure) -> Set<BenchGroup> {
        var result: Set<BenchGroup> = []
        for name in list.split(separator: ",") {
            guard let group = BenchGroup(rawValue: String(name)) else { throw .unknownGroup(String(name)) }
            result.insert(group)
        }
        return result
    }
}
