/// Decodes the entries of a YAML mapping by coding key, matching camelCase keys to kebab-case YAML
/// and recording every key asked for (for the unknown-key check).
struct KeyedNodeContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let session: DecodingSession
    let node: ConfigNode
    let entries: [(key: String, value: ConfigNode)]
    let codingPath: [any CodingKey]

    var allKeys: [Key] {
        entries.compactMap { entry -> Key? in
            session.record(entry.key, in: node)
            return Key(stringValue: entry.key) ?? Key(stringValue: KeyStyle.camel(entry.key))
        }
    }

    /// The value for `key` (kebab-case spelling first, then the key exactly as written).
    private func entry(_ key: Key) -> ConfigNode? {
        let kebab = KeyStyle.kebab(key.stringValue)
        let found = entries.first { $0.key == kebab } ?? entries.first { $0.key == key.stringValue }
        session.record(found?.key ?? kebab, in: node)
        return found?.value
    }

    private func required(_ key: Key) throws -> ConfigNode {
        if let value = entry(key) { return value }
        let name = KeyStyle.kebab(key.stringValue)
        let nearby = NameSuggestions.nearest(to: name, among: entries.map(\.key))
        let hint = nearby.first.map { " (is '\($0)' a misspelling of it?)" } ?? ""
        throw ConfigError("missing required key '\(name)'\(hint)", path: ConfigNode.childPath(node.path, key: name),
                          mark: node.mark)
    }

    func contains(_ key: Key) -> Bool { entry(key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool { entry(key)?.isNull ?? true }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try session.decode(T.self, from: try required(key), codingPath: codingPath + [key])
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decode(type, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decode(type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decode(type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decode(type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decode(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decode(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decode(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decode(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decode(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decode(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decode(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decode(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decode(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decode(type, key) }

    /// Scalars go through a single-value container over the entry.
    private func decode<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T {
        let value = try required(key)
        return try SingleValueNodeContainer(session: session, node: value, codingPath: codingPath + [key]).decode(T.self)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey> {
        try NodeDecoder(session: session, node: try required(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try NodeDecoder(session: session, node: try required(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        try superDecoder(named: "super", key: nil)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        try superDecoder(named: key.stringValue, key: key)
    }

    private func superDecoder(named name: String, key: (any CodingKey)?) throws -> any Decoder {
        let kebab = KeyStyle.kebab(name)
        session.record(kebab, in: node)
        let value = entries.first { $0.key == kebab }?.value
            ?? ConfigNode(value: .null, mark: node.mark, path: ConfigNode.childPath(node.path, key: kebab))
        return NodeDecoder(session: session, node: value, codingPath: codingPath + [key ?? ConfigCodingKey(stringValue: name)])
    }
}
