/// The 6-byte protocol id at the start of every discv5 header: "discv5" on Ethereum networks,
/// "d5waku" on Waku v2 networks. Nodes with different ids cannot read each other's packets.
public struct Discv5ProtocolID: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    public static let ethereum = try! Discv5ProtocolID("discv5")
    public static let waku = try! Discv5ProtocolID("d5waku")

    public init(_ text: String) throws(Discv5WireError) {
        let bytes = Array(text.utf8)
        guard bytes.count == 6 else { throw .badProtocolID(bytes.count) }
        self.bytes = bytes
    }

    public var description: String { String(decoding: bytes, as: UTF8.self) }
}
