import Primitives

extension Discv5Message {
    /// Decodes a GCM plaintext. Extra trailing list items are ignored (forward compatibility, as
    /// go-ethereum does); every structural problem is a `Discv5WireError`.
    public init(decoding plaintext: [UInt8]) throws(Discv5WireError) {
        guard let type = plaintext.first else { throw .emptyMessage }
        guard (0x01...0x06).contains(type) else { throw .unknownMessageType(type) }
        let body = plaintext.dropFirst()
        do {
            if type == 0x04 {
                self = try Self.decodeNodes(Array(body))
                return
            }
            let items = try RLP.decodeList(body)
            func item(_ i: Int) throws -> RLPItem {
                guard i < items.count else { throw Discv5WireError.malformedMessage(type: type, reason: "missing field \(i)") }
                return items[i]
            }
            let id = try Self.requestID(item(0), type: type)
            switch type {
            case 0x01:
                self = .ping(requestID: id, enrSeq: try item(1).asUInt64())
            case 0x02:
                let ip = try item(2).asBytes()
                guard ip.count == 4 || ip.count == 16 else {
                    throw Discv5WireError.malformedMessage(type: type, reason: "recipient-ip of \(ip.count) bytes")
                }
                self = .pong(requestID: id, enrSeq: try item(1).asUInt64(), recipientIP: ip, recipientPort: try item(3).asUInt(UInt16.self))
            case 0x03:
                let distances = try item(1).asList().map { try $0.asUInt(UInt16.self) }
                guard distances.allSatisfy({ $0 <= 256 }) else {
                    throw Discv5WireError.malformedMessage(type: type, reason: "distance above 256")
                }
                self = .findNode(requestID: id, distances: distances)
            case 0x05:
                self = .talkRequest(requestID: id, protocolName: try item(1).asBytes(), request: try item(2).asBytes())
            default:
                self = .talkResponse(requestID: id, response: try item(1).asBytes())
            }
        } catch let error as Discv5WireError {
            throw error
        } catch {
            throw .malformedMessage(type: type, reason: "\(error)")
        }
    }

    private static func requestID(_ item: RLPItem, type: UInt8) throws -> [UInt8] {
        let id = try item.asBytes()
        guard id.count <= maxRequestIDSize else {
            throw Discv5WireError.malformedMessage(type: type, reason: "request-id of \(id.count) bytes exceeds 8")
        }
        return id
    }

    /// NODES keeps each record's raw RLP so one bad record does not hide the others.
    private static func decodeNodes(_ body: [UInt8]) throws -> Discv5Message {
        let parts = try RLP.splitList(body)
        guard parts.count >= 3 else { throw Discv5WireError.malformedMessage(type: 0x04, reason: "expected [request-id, total, [ENR…]]") }
        let id = try requestID(try RLP.decode(parts[0]), type: 0x04)
        let total = try RLP.decode(parts[1]).asUInt(UInt8.self)
        let records = try RLP.splitList(parts[2])
        return .nodes(requestID: id, total: total, records: records)
    }
}
