import Kernel
import Primitives

/// A kernel `ProtocolStream` on one negotiated muxed stream. Each message is
/// `uvarint(length) ‖ body`; for Parley's protocols body = `uvarint(code) ‖ payload`, for native
/// libp2p protocols body = payload (code 0).
actor Libp2pProtocolStream: ProtocolStream {
    nonisolated let protocolID: ProtocolID
    let stream: any MuxedStream
    let maximumMessage: Int
    private var reader: StreamReader
    private let outbox: StreamOutbox
    private var closed = false

    init(protocolID: ProtocolID, reader: StreamReader, maximumMessage: Int) {
        self.protocolID = protocolID
        self.stream = reader.stream
        self.reader = reader
        self.maximumMessage = maximumMessage
        self.outbox = StreamOutbox(stream: reader.stream)
    }

    func send(_ message: FramedMessage) async throws {
        guard !closed else { throw NetworkError.closed }
        do { try await outbox.send(wire(message)) } catch { throw NetworkError.closed }
    }

    func enqueue(_ message: FramedMessage) async throws -> Bool {
        guard !closed else { throw NetworkError.closed }
        return outbox.enqueue(wire(message))
    }

    /// `uvarint(length) ‖ body` for one message, built in one array.
    private func wire(_ message: FramedMessage) -> [UInt8] {
        if RLPItemFraming.applies(to: protocolID) { return RLPItemFraming.wire(message) }
        let code = ProtocolNames.carriesCodes(protocolID) ? UVarint.encode(message.code) : []
        let length = UVarint.encode(UInt64(code.count + message.payload.count))
        var out: [UInt8] = []
        out.reserveCapacity(length.count + code.count + message.payload.count)
        out += length
        out += code
        out += message.payload
        return out
    }

    func receive() async throws -> FramedMessage? {
        var local = reader
        defer { reader = local }
        if RLPItemFraming.applies(to: protocolID) { return try await receiveRLPTyped(&local) }
        let carriesCodes = ProtocolNames.carriesCodes(protocolID)
        // The payload is copied once, straight from the reader's buffer; nil inside: no valid code varint.
        let read = try await local.delimited(limit: maximumMessage + UVarint.maxLength) { body -> FramedMessage? in
            guard carriesCodes else { return FramedMessage(code: 0, payload: Array(body)) }
            guard let (code, used) = try? UVarint.decode(body) else { return nil }
            return FramedMessage(code: code, payload: Array(body[(body.startIndex + used)...]))
        }
        guard let read else { return nil }
        guard let message = read else {
            outbox.cancel()
            await stream.reset()
            throw Libp2pTransportError.negotiation("\(protocolID) message has no valid code varint")
        }
        return message
    }

    /// `rlp(type) ‖ rlp(body)`: a stream that ends between the two items, or a type that is not an RLP uint, is reset.
    private func receiveRLPTyped(_ local: inout StreamReader) async throws -> FramedMessage? {
        guard let typeItem = try await local.rlpItem(limit: 9) else { return nil }
        guard let code = try? RLP.decode(typeItem).asUInt64(), let body = try await local.rlpItem(limit: maximumMessage) else {
            outbox.cancel()
            await stream.reset()
            throw Libp2pTransportError.negotiation("\(protocolID) message has no RLP type and body")
        }
        return FramedMessage(code: code, payload: body)
    }

    func close() async {
        guard !closed else { return }
        closed = true
        outbox.finish()
    }
}
