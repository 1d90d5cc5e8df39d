import Primitives

/// The discv5.1 messages (discv5-wire.md "Protocol Messages"), encoded as `type ‖ rlp(message-data)`.
/// `requestID` is 1…8 opaque bytes chosen by the requester and echoed in responses.
public enum Discv5Message: Sendable, Equatable {
    case ping(requestID: [UInt8], enrSeq: UInt64)
    case pong(requestID: [UInt8], enrSeq: UInt64, recipientIP: [UInt8], recipientPort: UInt16)
    case findNode(requestID: [UInt8], distances: [UInt16])
    /// `records` are the ENRs as RLP bytes; the session layer decodes and verifies each one.
    case nodes(requestID: [UInt8], total: UInt8, records: [[UInt8]])
    case talkRequest(requestID: [UInt8], protocolName: [UInt8], request: [UInt8])
    case talkResponse(requestID: [UInt8], response: [UInt8])

    public static let maxRequestIDSize = 8

    public var type: UInt8 {
        switch self {
        case .ping: 0x01
        case .pong: 0x02
        case .findNode: 0x03
        case .nodes: 0x04
        case .talkRequest: 0x05
        case .talkResponse: 0x06
        }
    }

    public var requestID: [UInt8] {
        switch self {
        case .ping(let id, _), .pong(let id, _, _, _), .findNode(let id, _), .nodes(let id, _, _),
             .talkRequest(let id, _, _), .talkResponse(let id, _):
            return id
        }
    }

    /// Whether this message answers a request (and must match one we sent).
    public var isResponse: Bool {
        switch self {
        case .pong, .nodes, .talkResponse: true
        default: false
        }
    }

    /// `message-type ‖ rlp(message-data)`: the GCM plaintext.
    public var encoded: [UInt8] {
        let body: [UInt8]
        switch self {
        case .ping(let id, let seq):
            body = RLP.encode(.list([.bytes(id), .uint(seq)]))
        case .pong(let id, let seq, let ip, let port):
            body = RLP.encode(.list([.bytes(id), .uint(seq), .bytes(ip), .uint(UInt64(port))]))
        case .findNode(let id, let distances):
            body = RLP.encode(.list([.bytes(id), .list(distances.map { .uint(UInt64($0)) })]))
        case .nodes(let id, let total, let records):
            var out: [UInt8] = []
            RLP.append(.bytes(id), to: &out)
            RLP.append(.uint(UInt64(total)), to: &out)
            out += RLP.encodeList(ofEncoded: records)
            var list: [UInt8] = []
            RLP.appendListHeader(payloadLength: out.count, to: &list)
            body = list + out
        case .talkRequest(let id, let name, let request):
            body = RLP.encode(.list([.bytes(id), .bytes(name), .bytes(request)]))
        case .talkResponse(let id, let response):
            body = RLP.encode(.list([.bytes(id), .bytes(response)]))
        }
        return [type] + body
    }
}
