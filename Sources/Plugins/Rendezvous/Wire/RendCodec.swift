import Kernel
import Primitives

/// Encodes and decodes `/rend/0.1.0` messages to and from the kernel's `FramedMessage`
/// (`code` = type, `payload` = `rlp(body)`; the libp2p transport writes `rlp(code) ‖ payload`).
public enum RendCodec {
    /// Largest body accepted: a DISCOVER_RESPONSE of 10 records of at most 300 bytes, plus headers.
    public static let maximumBody = 4096

    public static func encode(_ message: RendMessage) -> FramedMessage {
        let body: RLPItem
        switch message {
        case .register(let topic, let record, let ttl):
            body = .list([.bytes(topic), (try? RLP.decode(record.rlpBytes)) ?? .list([]), .uint(ttl)])
        case .registerResponse(let status, let text):
            body = .list([.uint(status.rawValue), .string(text)])
        case .discover(let limit, let topic):
            body = .list([.uint(limit), .bytes(topic)])
        case .discoverResponse(let status, let text, let records):
            body = .list([.uint(status.rawValue), .string(text), .list(records.compactMap { try? RLP.decode($0.rlpBytes) })])
        }
        return FramedMessage(code: message.type.rawValue, payload: RLP.encode(body))
    }

    /// The wire bytes `rlp(type) ‖ rlp(body)` of one message.
    public static func wireBytes(_ message: RendMessage) -> [UInt8] {
        let framed = encode(message)
        var out: [UInt8] = []
        RLP.appendUInt(framed.code, to: &out)
        return out + framed.payload
    }

    public static func decode(_ framed: FramedMessage) throws(RendWireError) -> RendMessage {
        guard let type = RendMessageType(rawValue: framed.code) else { throw .unknownType(framed.code) }
        guard framed.payload.count <= maximumBody else {
            throw .malformedBody(type: type, reason: "\(framed.payload.count) bytes, more than \(maximumBody)")
        }
        let fields: [RLPItem]
        do { fields = try RLP.decodeList(framed.payload) } catch {
            throw .malformedBody(type: type, reason: "\(error)")
        }
        func field<T>(_ index: Int, _ what: String, _ read: (RLPItem) throws -> T) throws(RendWireError) -> T {
            guard index < fields.count else { throw .malformedBody(type: type, reason: "missing \(what)") }
            do { return try read(fields[index]) } catch { throw .malformedBody(type: type, reason: "\(what): \(error)") }
        }
        // Go's rlp decoder rejects extra list elements for these structs (no `rlp:"tail"`).
        let expected = type == .discoverResponse ? 3 : (type == .register ? 3 : 2)
        guard fields.count == expected else {
            throw .malformedBody(type: type, reason: "\(fields.count) fields, expected \(expected)")
        }
        switch type {
        case .register:
            let topic = try field(0, "topic") { try $0.asBytes() }
            guard fields[1].isList else { throw .malformedBody(type: type, reason: "the record is not an RLP list") }
            let record = try Self.record(fields[1])
            let ttl = try field(2, "ttl") { try $0.asUInt64() }
            return .register(topic: topic, record: record, ttlNanoseconds: ttl)
        case .registerResponse:
            return .registerResponse(status: try status(field(0, "status") { try $0.asUInt64() }),
                                     message: try field(1, "message") { try $0.asString() })
        case .discover:
            return .discover(limit: try field(0, "limit") { try $0.asUInt64() }, topic: try field(1, "topic") { try $0.asBytes() })
        case .discoverResponse:
            let code = try status(field(0, "status") { try $0.asUInt64() })
            let text = try field(1, "message") { try $0.asString() }
            let items = try field(2, "records") { try $0.asList() }
            var records: [NodeRecord] = []
            for item in items { records.append(try record(item)) }
            return .discoverResponse(status: code, message: text, records: records)
        }
    }

    static func status(_ code: UInt64) throws(RendWireError) -> RendStatus {
        guard let status = RendStatus(rawValue: code) else { throw .unknownStatus(code) }
        return status
    }

    /// A record whose signature verifies (identity scheme v4).
    static func record(_ item: RLPItem) throws(RendWireError) -> NodeRecord {
        let record: NodeRecord
        do { record = try NodeRecord(rlp: RLP.encode(item)) } catch { throw .invalidRecord(reason: "\(error)") }
        guard record.verifySignature() else { throw .invalidRecord(reason: "the signature does not verify") }
        return record
    }
}
