/// Decodes one scalar: strings as written, booleans, range-checked integers, numbers; anything
/// else is handed back to the session (so wrappers like `RawRepresentable` types work).
struct SingleValueNodeContainer: SingleValueDecodingContainer {
    let session: DecodingSession
    let node: ConfigNode
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { node.isNull }

    /// The scalar's text, or a mismatch naming what was expected.
    private func text(expected: String) throws -> String {
        guard let text = node.scalar else { throw session.mismatch(expected: expected, node) }
        return text
    }

    private func parse<T>(_ expected: String, _ parser: (String) -> T?) throws -> T {
        let raw = try text(expected: expected)
        guard let value = parser(raw) else { throw session.mismatch(expected: expected, node) }
        return value
    }

    func decode(_ type: String.Type) throws -> String { try text(expected: "a string") }
    func decode(_ type: Bool.Type) throws -> Bool { try parse(ScalarParsing.boolExpectation, ScalarParsing.bool) }
    func decode(_ type: Double.Type) throws -> Double { try parse("a number", ScalarParsing.double) }
    func decode(_ type: Float.Type) throws -> Float {
        try parse("a number", { ScalarParsing.double($0).map(Float.init) })
    }
    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

    private func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        let expected = ScalarParsing.integerExpectation(T.self)
        guard let value: T = ScalarParsing.integer(try text(expected: expected)) else {
            throw session.mismatch(expected: expected, node)
        }
        return value
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try session.decode(T.self, from: node, codingPath: codingPath)
    }
}
