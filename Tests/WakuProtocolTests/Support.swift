import Foundation
import Kernel
import Primitives
import TestKit
import WakuCore
@testable import WakuProtocol

/// Collects a node's `WakuPeers.events()` while a test body runs.
actor EventRecorder {
    private(set) var events: [WakuPeerEvent] = []
    func record(_ event: WakuPeerEvent) { events.append(event) }

    var envelopes: [(Envelope, EnvelopeOrigin)] {
        events.compactMap { if case .envelope(let envelope, let origin) = $0 { return (envelope, origin) } else { return nil } }
    }

    var responses: [MessageResponse] {
        events.compactMap { if case .messageResponse(let response, _) = $0 { return response } else { return nil } }
    }
}

/// Runs `body` while draining `peers.events` into a recorder; the drain ends with the body.
func recording<T: Sendable>(_ peers: WakuPeers, _ body: @Sendable (EventRecorder) async throws -> T) async throws -> T {
    let recorder = EventRecorder()
    let events = await peers.events()  // subscribed before the body runs, so nothing is missed
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask {
            for await event in events { await recorder.record(event) }
            return nil
        }
        defer { group.cancelAll() }
        return try await body(recorder)
    }
}

func unixNow() -> UInt32 { UInt32(Date().timeIntervalSince1970) }

/// A Status-style envelope: symmetric key from a password, sealed to `pow`.
func sealedEnvelope(_ text: String, topic: Topic, pow: Double = 0.001, ttl: UInt32 = 50) throws -> (Envelope, SymKey) {
    let key = try SymKey(password: "waku-protocol-tests")
    let data = try Message.seal(payload: Array(text.utf8), to: .symmetric(key), signWith: PrivateKey.generate())
    let envelope = try Envelope(ttl: ttl, topic: topic, data: data, now: unixNow()).sealed(target: pow, timeBudget: .seconds(5))
    return (envelope, key)
}

/// Waits until `peers` has a session with `peer`.
func session(_ peers: WakuPeers, with peer: PeerID) async throws -> WakuPeerSession {
    try await eventually("waku session with \(peer)") { await peers.session(for: peer) != nil }
    guard let session = await peers.session(for: peer) else { throw WakuHandshakeError.closedBeforeStatus }
    return session
}

/// An `EnvelopeSink` that remembers what it was given.
actor RecordingSink: EnvelopeSink {
    private(set) var accepted: [(Envelope, EnvelopeOrigin)] = []
    func accept(_ envelope: Envelope, origin: EnvelopeOrigin) async throws { accepted.append((envelope, origin)) }
}
