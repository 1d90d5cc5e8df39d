/// Wraps a protocol stream to count its messages and payload bytes, per peer and per protocol.
struct CountingStream: ProtocolStream {
    let inner: any ProtocolStream
    let counters: [TrafficCounter]

    var protocolID: ProtocolID { inner.protocolID }

    func send(_ message: FramedMessage) async throws {
        try await inner.send(message)
        for counter in counters { counter.recordOut(bytes: message.payload.count) }
    }

    func enqueue(_ message: FramedMessage) async throws -> Bool {
        let queued = try await inner.enqueue(message)
        if queued { for counter in counters { counter.recordOut(bytes: message.payload.count) } }
        return queued
    }

    func receive() async throws -> FramedMessage? {
        guard let message = try await inner.receive() else { return nil }
        for counter in counters { counter.recordIn(bytes: message.payload.count) }
        return message
    }

    func close() async { await inner.close() }
}
