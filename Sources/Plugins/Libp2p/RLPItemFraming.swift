import Kernel
import Primitives

/// Framing for libp2p protocols that carry bare RLP instead of varint-delimited messages — Status's
/// `/rend/0.1.0` (wire-facts §1.9): each message is `rlp(type uint) ‖ rlp(body)` with no length prefix.
/// The kernel sees `FramedMessage(code: type, payload: rlp(body))`.
enum RLPItemFraming {
    /// Libp2p protocol ids framed this way.
    static let protocols: Set<String> = ["/rend/0.1.0"]

    static func applies(to id: ProtocolID) -> Bool { id.version == 0 && protocols.contains(id.name) }

    /// The size of the RLP item at the start of `buffer` (header + payload), or nil while the header is incomplete.
    /// Checked against `limit` from the header alone, before the payload is buffered.
    static func itemLength(_ buffer: [UInt8], limit: Int) throws -> Int? {
        guard let first = buffer.first else { return nil }
        let length: Int
        switch first {
        case 0x00..<0x80: length = 1
        case 0x80..<0xb8: length = 1 + Int(first - 0x80)
        case 0xc0..<0xf8: length = 1 + Int(first - 0xc0)
        default:
            let lengthOfLength = Int(first < 0xc0 ? first - 0xb7 : first - 0xf7)
            guard buffer.count >= 1 + lengthOfLength else { return nil }
            var payload: UInt64 = 0
            for byte in buffer[1...lengthOfLength] {
                guard payload < (1 << 40) else { throw Libp2pTransportError.messageTooLarge(Int.max, limit: limit) }
                payload = payload << 8 | UInt64(byte)
            }
            guard payload <= UInt64(limit) else { throw Libp2pTransportError.messageTooLarge(Int(payload), limit: limit) }
            length = 1 + lengthOfLength + Int(payload)
        }
        guard length <= limit + 9 else { throw Libp2pTransportError.messageTooLarge(length, limit: limit) }
        return length
    }

    /// `rlp(code) ‖ payload` (the payload is already one RLP item).
    static func wire(_ message: FramedMessage) -> [UInt8] {
        var out: [UInt8] = []
        RLP.appendUInt(message.code, to: &out)
        return out + message.payload
    }
}

extension StreamReader {
    /// One whole RLP item (its encoding, unchecked beyond the header), or nil at end of stream.
    mutating func rlpItem(limit: Int) async throws -> [UInt8]? {
        try await next(limit: limit + 9) { buffer in
            guard let length = try RLPItemFraming.itemLength(buffer, limit: limit), buffer.count >= length else { return nil }
            defer { buffer.removeFirst(length) }
            return Array(buffer.prefix(length))
        }
    }
}
