/// The `Decoder` handed to config types: one per value, opening keyed (mapping), unkeyed
/// (sequence) or single-value (scalar) containers over its `ConfigNode`.
///
/// `null` opens as an empty mapping or an empty sequence, so `relay:` with nothing after it means
/// "all defaults" and `peers:` an empty list.
final class NodeDecoder: Decoder {
    let session: DecodingSession
    let node: ConfigNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(session: DecodingSession, node: ConfigNode, codingPath: [any CodingKey]) {
        self.session = session
        self.node = node
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        let entries: [(key: String, value: ConfigNode)]
        switch node.value {
        case .mapping(let found): entries = found
        case .null: entries = []
        case .scalar, .sequence: throw session.mismatch(expected: "a mapping of settings (key: value)", node)
        }
        session.visit(node)
        return KeyedDecodingContainer(KeyedNodeContainer<Key>(session: session, node: node, entries: entries, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let items: [ConfigNode]
        switch node.value {
        case .sequence(let found): items = found
        case .null: items = []
        case .scalar, .mapping: throw session.mismatch(expected: "a list (`[a, b]` or `- item` lines)", node)
        }
        return UnkeyedNodeContainer(session: session, node: node, items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValueNodeContainer(session: session, node: node, codingPath: codingPath)
    }
}

/// A coding key for sequence positions and synthesized names (`super`).
struct ConfigCodingKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(index: Int) {
        stringValue = String(index)
        intValue = index
    }

    init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    init?(intValue: Int) { self.init(index: intValue) }
}
