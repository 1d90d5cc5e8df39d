import Foundation
import Kernel
import Primitives

/// Why the server stopped serving a stream; each maps to a counted drop reason and a penalty.
public enum RendServerDrop: String, Sendable, CaseIterable {
    case unknownType = "unknown-type"
    case malformedRequest = "malformed-request"
    case responseOnRequestStream = "response-type-from-client"
    case rateLimited = "rate-limited"
    case overPeerCap = "over-peer-cap"
    case idle = "idle-timeout"
}

/// Serves `/rend/0.1.0` requests on one inbound stream: REGISTER and DISCOVER, answered in order, until
/// the peer closes the stream or sends something that resets it. A stream that sends nothing for
/// `idleTimeout` is closed (a peer that never sends EOF does not hold a task forever).
struct RendServerSession {
    let registry: RendRegistry
    let stats: RendStats
    let clock: any NodeClock
    let idleTimeout: Duration

    func serve(_ stream: any ProtocolStream, peer: PeerSession) async throws {
        var limiter = RendRateLimiter(perSecond: await registry.rules.requestsPerSecond)
        while true {
            guard let framed = try await receive(stream) else {
                stats.noteDrop(.idle)
                await stream.close()
                return
            }
            guard let framed = framed.message else { await stream.close(); return }
            stats.noteIn(bytes: framed.payload.count + 1)
            let request: RendMessage
            do {
                request = try RendCodec.decode(framed)
            } catch {
                guard let status = error.status else {
                    // Unknown type: status-im/rendezvous resets the stream. Closing it and a protocol-violation
                    // penalty (which disconnects the peer) is the kernel's equivalent.
                    stats.noteDrop(.unknownType)
                    await stream.close()
                    await peer.penalize(.protocolViolation("rendezvous: \(error)"))
                    return
                }
                // Answerable with a status code: a minor penalty, the stream stays up.
                stats.noteDrop(.malformedRequest)
                await peer.penalize(.minor("rendezvous: \(error)"))
                let type: RendMessageType? = RendMessageType(rawValue: framed.code)
                try await answer(type == .discover ? .discoverResponse(status: status, message: "\(error)", records: [])
                                                   : .registerResponse(status: status, message: "\(error)"), on: stream)
                continue
            }
            guard limiter.admit(at: clock.now()) else {
                stats.noteDrop(.rateLimited)
                await peer.penalize(.minor("rendezvous: more than \(limiter.perSecond) requests per second"))
                try await answer(Self.refusal(for: request, .notAuthorized, "rate limited"), on: stream)
                continue
            }
            switch request {
            case .register(let topic, let record, let ttl):
                let status = await registry.register(topic: topic, record: record, ttlNanoseconds: ttl, from: peer.peerID)
                if status == .notAuthorized {
                    stats.noteDrop(.overPeerCap)
                    await peer.penalize(.minor("rendezvous: registration cap reached"))
                }
                if status == .ok { stats.noteRegistration() }
                try await answer(.registerResponse(status: status, message: status == .ok ? "" : "\(status)"), on: stream)
            case .discover(let limit, let topic):
                let (status, records) = await registry.discover(topic: topic, limit: limit)
                try await answer(.discoverResponse(status: status, message: status == .ok ? "" : "\(status)", records: records), on: stream)
            case .registerResponse, .discoverResponse:
                stats.noteDrop(.responseOnRequestStream)
                await stream.close()
                await peer.penalize(.protocolViolation("rendezvous: a client sent a response type"))
                return
            }
        }
    }

    static func refusal(for request: RendMessage, _ status: RendStatus, _ text: String) -> RendMessage {
        if case .discover = request { return .discoverResponse(status: status, message: text, records: []) }
        return .registerResponse(status: status, message: text)
    }

    private func answer(_ message: RendMessage, on stream: any ProtocolStream) async throws {
        let framed = RendCodec.encode(message)
        stats.noteOut(bytes: framed.payload.count + 1)
        try await stream.send(framed)
    }

    /// The next message, nil when the idle timeout passed first (`.message == nil`: the stream ended).
    private func receive(_ stream: any ProtocolStream) async throws -> Received? {
        try await withThrowingTaskGroup(of: Received?.self) { group in
            group.addTask { Received(message: try await stream.receive()) }
            group.addTask {
                try await clock.sleep(for: idleTimeout)
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
    }

    struct Received: Sendable { let message: FramedMessage? }
}

/// A fixed-window limiter on the node clock: at most `perSecond` admissions in any one-second window.
struct RendRateLimiter {
    let perSecond: Int
    private var windowStart: Double = -1
    private var used = 0

    init(perSecond: Int) { self.perSecond = perSecond }

    mutating func admit(at now: Foundation.Date) -> Bool {
        let t = now.timeIntervalSince1970
        if t - windowStart >= 1 { windowStart = t; used = 0 }
        used += 1
        return used <= perSecond
    }
}
