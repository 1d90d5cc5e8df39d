import Kernel
import WakuCore

/// Fans `WakuPeerEvent`s out to every subscriber: the `waku` plugin's `WakuPeerEventSource`.
public actor WakuEventHub: WakuPeerEventSource {
    private var subscribers: [UInt64: AsyncStream<WakuPeerEvent>.Continuation] = [:]
    private var nextSubscriberID: UInt64 = 0

    public init() {}

    /// Everything peers send that this node acts on, from now on, for one consumer (each call makes a
    /// new subscription; it ends when the consumer stops iterating or the hub goes). Buffers the
    /// newest 10 000 events per subscriber, so a slow consumer loses old events, never blocks a session.
    public func events() -> AsyncStream<WakuPeerEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: WakuPeerEvent.self, bufferingPolicy: .bufferingNewest(10_000))
        nextSubscriberID += 1
        let id = nextSubscriberID
        subscribers[id] = continuation
        continuation.onTermination = { [weak self] _ in Task { await self?.unsubscribe(id) } }
        return stream
    }

    private func unsubscribe(_ id: UInt64) { subscribers[id] = nil }

    func emit(_ event: WakuPeerEvent) {
        for continuation in subscribers.values { continuation.yield(event) }
    }

    deinit { for continuation in subscribers.values { continuation.finish() } }
}
