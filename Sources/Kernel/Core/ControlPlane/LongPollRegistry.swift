import Foundation

/// Long polls for control methods that stream (`waku.watch`, `chat.notify`): the first poll with a new
/// id opens a subscription; each poll returns what arrived since the previous one, waiting up to a
/// bound for the first item. Subscriptions nobody polled for `idleTimeout` are closed, so a client
/// that went away leaves nothing behind; `closeAll` ends every one (the owning plugin stopped).
/// Waits and idle times run on `clock` (real time by default: they bound how long a control client's
/// request is held; tests drive them with a manual clock).
public actor LongPollRegistry<Element: Sendable> {
    final class Subscription: @unchecked Sendable {
        // Touched only by the owning registry actor.
        var buffer: [Element] = []
        var lastPoll: Date
        init(lastPoll: Date) { self.lastPoll = lastPoll }
        var task: Task<Void, Never>?
        var waiter: CheckedContinuation<Void, Never>?
    }

    private var subscriptions: [String: Subscription] = [:]
    let idleTimeout: TimeInterval
    let capacity: Int
    let clock: any NodeClock

    public init(idleTimeout: TimeInterval = 60, capacity: Int = 1000, clock: any NodeClock = SystemClock()) {
        self.idleTimeout = idleTimeout
        self.capacity = capacity
        self.clock = clock
    }

    /// Items for `id` since its last poll (at most `capacity`, oldest dropped first).
    public func poll(_ id: String, wait: Duration, open: () async throws -> AsyncStream<Element>) async throws -> [Element] {
        closeIdle()
        let subscription: Subscription
        if let existing = subscriptions[id] {
            subscription = existing
        } else {
            subscription = Subscription(lastPoll: clock.now())
            let stream = try await open()
            subscription.task = Task { [weak self] in
                for await element in stream { await self?.arrived(element, in: subscription) }
            }
            subscriptions[id] = subscription
        }
        subscription.lastPoll = clock.now()
        if subscription.buffer.isEmpty && wait > .zero {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { [clock] in try? await clock.sleep(for: wait) }
                group.addTask { await self.waitForArrival(subscription) }
                await group.next()
                group.cancelAll()
                self.wake(subscription)
            }
        }
        let items = subscription.buffer
        subscription.buffer = []
        return items
    }

    /// Ends every subscription.
    public func closeAll() {
        for subscription in subscriptions.values { close(subscription) }
        subscriptions = [:]
    }

    private func arrived(_ element: Element, in subscription: Subscription) {
        subscription.buffer.append(element)
        if subscription.buffer.count > capacity { subscription.buffer.removeFirst() }
        wake(subscription)
    }

    private func waitForArrival(_ subscription: Subscription) async {
        await withCheckedContinuation { continuation in
            if !subscription.buffer.isEmpty { continuation.resume() } else { subscription.waiter = continuation }
        }
    }

    private func wake(_ subscription: Subscription) {
        subscription.waiter?.resume()
        subscription.waiter = nil
    }

    private func close(_ subscription: Subscription) {
        subscription.task?.cancel()
        wake(subscription)
    }

    private func closeIdle() {
        for (id, subscription) in subscriptions where clock.now().timeIntervalSince(subscription.lastPoll) > idleTimeout {
            close(subscription)
            subscriptions[id] = nil
        }
    }
}
