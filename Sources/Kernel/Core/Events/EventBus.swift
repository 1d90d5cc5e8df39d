import Synchronization

/// Something that happened in the node, published on the `EventBus`.
public protocol NodeEvent: Sendable {}

/// A typed, non-blocking publish/subscribe bus shared by the kernel and its plugins.
///
/// Publishing never waits: each subscriber has a bounded buffer, and when a slow subscriber's buffer
/// is full the oldest event is dropped and counted (`droppedEvents`). Subscriptions are
/// `AsyncStream`s: iterate them inside a task you own; ending the iteration unsubscribes.
public final class EventBus: Sendable {
    private struct Subscriber: @unchecked Sendable {
        let deliver: (Any) -> Bool   // returns false when the event was dropped
    }
    private struct State {
        var subscribers: [ObjectIdentifier: [UInt64: Subscriber]] = [:]
        var nextID: UInt64 = 0
    }
    private let state = Mutex(State())
    private let dropped = Atomic<UInt64>(0)

    public init() {}

    /// Events dropped so far because a subscriber was too slow.
    public var droppedEvents: UInt64 { dropped.load(ordering: .relaxed) }

    public func publish<E: NodeEvent>(_ event: E) {
        let targets = state.withLock { Array(($0.subscribers[ObjectIdentifier(E.self)] ?? [:]).values) }
        for target in targets where !target.deliver(event) {
            dropped.add(1, ordering: .relaxed)
        }
    }

    /// Subscribes to events of type `E`; keeps at most `bufferSize` undelivered events.
    public func subscribe<E: NodeEvent>(_ type: E.Type, bufferSize: Int = 256) -> AsyncStream<E> {
        let (stream, continuation) = AsyncStream<E>.makeStream(bufferingPolicy: .bufferingNewest(max(1, bufferSize)))
        let key = ObjectIdentifier(E.self)
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            let id = state.nextID
            state.subscribers[key, default: [:]][id] = Subscriber { event in
                guard let event = event as? E else { return true }
                if case .dropped = continuation.yield(event) { return false }
                return true
            }
            return id
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { _ = $0.subscribers[key]?.removeValue(forKey: id) }
        }
        return stream
    }
}
