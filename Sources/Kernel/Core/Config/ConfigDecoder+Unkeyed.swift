/// Decodes the items of a YAML sequence in order.
struct UnkeyedNodeContainer: UnkeyedDecodingContainer {
    let session: DecodingSession
    let node: ConfigNode
    let items: [ConfigNode]
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(session: DecodingSession, node: ConfigNode, items: [ConfigNode], codingPath: [any CodingKey]) {
        self.session = session
        self.node = node
        self.items = items
        self.codingPath = codingPath
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    /// The next item, advancing; throws past the end.
    private mutating func next() throws -> (ConfigNode, [any CodingKey]) {
        guard currentIndex < items.count else {
            throw ConfigError("expected at least \(currentIndex + 1) items in this list, found \(items.count)",
                              path: node.path, mark: node.mark)
        }
        let item = items[currentIndex]
        let path = codingPath + [ConfigCodingKey(index: currentIndex)]
        currentIndex += 1
        return (item, path)
    }

    mutating func decodeNil() throws -> Bool {
        guard currentIndex < items.count, items[currentIndex].isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (item, path) = try next()
        return try session.decode(T.self, from: item, codingPath: path)
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try decodeScalar(type) }
    mutating func decode(_ type: String.Type) throws -> String { try decodeScalar(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try decodeScalar(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try decodeScalar(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try decodeScalar(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try decodeScalar(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try decodeScalar(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try decodeScalar(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try decodeScalar(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try decodeScalar(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeScalar(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeScalar(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeScalar(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeScalar(type) }

    private mutating func decodeScalar<T: Decodable>(_ type: T.Type) throws -> T {
        let (item, path) = try next()
        return try session.decode(T.self, from: item, codingPath: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (item, path) = try next()
        return try NodeDecoder(session: session, node: item, codingPath: path).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (item, path) = try next()
        return try NodeDecoder(session: session, node: item, codingPath: path).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (item, path) = try next()
        return NodeDecoder(session: session, node: item, codingPath: path)
    }
}
