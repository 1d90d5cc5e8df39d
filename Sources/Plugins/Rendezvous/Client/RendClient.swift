import Foundation
import Kernel
import Primitives

/// Requests on one `/rend/0.1.0` stream to a server: one request, then its response, each bounded by the
/// request timeout. Used by the plugin's client loop and by `parley rendezvous`.
public struct RendClient: Sendable {
    let stream: any ProtocolStream
    let clock: any NodeClock
    let timeout: Duration
    let stats: RendStats

    public init(stream: any ProtocolStream, clock: any NodeClock, timeout: Duration, stats: RendStats) {
        self.stream = stream
        self.clock = clock
        self.timeout = timeout
        self.stats = stats
    }

    /// REGISTER `record` under `topic` for `ttlNanoseconds`; throws `.refused` on a status other than OK.
    public func register(topic: String, record: NodeRecord, ttlNanoseconds: UInt64) async throws(RendClientError) {
        let answer = try await request(.register(topic: Array(topic.utf8), record: record, ttlNanoseconds: ttlNanoseconds),
                                       expecting: .registerResponse)
        guard case .registerResponse(let status, let text) = answer else { throw .unexpectedResponse(expected: .registerResponse, got: 0) }
        guard status == .ok else { throw .refused(status, text) }
    }

    /// DISCOVER up to `limit` records under `topic`.
    public func discover(topic: String, limit: UInt64) async throws(RendClientError) -> [NodeRecord] {
        let answer = try await request(.discover(limit: limit, topic: Array(topic.utf8)), expecting: .discoverResponse)
        guard case .discoverResponse(let status, let text, let records) = answer else {
            throw .unexpectedResponse(expected: .discoverResponse, got: 0)
        }
        guard status == .ok else { throw .refused(status, text) }
        guard UInt64(records.count) <= limit else { throw .tooManyRecords(records.count, limit: limit) }
        stats.noteDiscovered(records.count)
        return records
    }

    func request(_ message: RendMessage, expecting: RendMessageType) async throws(RendClientError) -> RendMessage {
        let framed = RendCodec.encode(message)
        let clock = clock, timeout = timeout, stream = stream
        let result: Result<FramedMessage?, RendClientError> = await RendRequestTimer.run(clock: clock, timeout: timeout) {
            do {
                try await stream.send(framed)
                return .success(try await stream.receive())
            } catch { return .failure(.closed) }
        }
        stats.noteOut(bytes: framed.payload.count + 1)
        guard let reply = try result.get() else { throw .closed }
        stats.noteIn(bytes: reply.payload.count + 1)
        guard reply.code == expecting.rawValue else { throw .unexpectedResponse(expected: expecting, got: reply.code) }
        do { return try RendCodec.decode(reply) } catch { throw .malformedResponse("\(error)") }
    }
}
