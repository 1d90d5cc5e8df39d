import Primitives

/// What a node offers, under its record's `waku` key: `rlp([role, [capability…]])`. Peers filter on it.
public struct WakuRecordEntry: Sendable, Equatable {
    public let role: String
    public let capabilities: [String]

    public init(role: String, capabilities: [String]) {
        self.role = role
        self.capabilities = capabilities.sorted()
    }

    public var item: RLPItem { .list([.string(role), .list(capabilities.map { .string($0) })]) }

    public init?(record: NodeRecord) {
        guard let item = record["waku"], let parts = try? item.asList(), parts.count >= 2,
              let role = try? parts[0].asString(), let caps = try? parts[1].asList().map({ try $0.asString() }) else { return nil }
        self.init(role: role, capabilities: caps)
    }

    /// Whether a record matches a profile's filter.
    public static func matches(_ record: NodeRecord, role: String?, capabilities: [String]) -> Bool {
        if role == nil && capabilities.isEmpty { return true }
        guard let entry = WakuRecordEntry(record: record) else { return false }
        if let role, entry.role != role { return false }
        return Set(capabilities).isSubset(of: entry.capabilities)
    }
}
