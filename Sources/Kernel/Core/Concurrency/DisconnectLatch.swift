import Synchronization

/// Records why a connection ended — once; the first reason wins — and lets any number of tasks
/// await it. Transports use it to implement `SecureConnection.closed()`.
public final class DisconnectLatch: Sendable {
    private struct State {
        var reason: DisconnectReason?
        var waiters: [CheckedContinuation<DisconnectReason, Never>] = []
    }
    private let state = Mutex(State())

    public init() {}

    /// The reason, once closed.
    public var reason: DisconnectReason? { state.withLock { $0.reason } }
    public var isClosed: Bool { reason != nil }

    /// Closes with `reason`; returns false (and changes nothing) if already closed.
    @discardableResult
    public func close(_ reason: DisconnectReason) -> Bool {
        let waiters = state.withLock { state -> [CheckedContinuation<DisconnectReason, Never>]? in
            guard state.reason == nil else { return nil }
            state.reason = reason
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        guard let waiters else { return false }
        waiters.forEach { $0.resume(returning: reason) }
        return true
    }

    /// Suspends until closed and returns the reason.
    public func wait() async -> DisconnectReason {
        await withCheckedContinuation { continuation in
            let reason = state.withLock { state -> DisconnectReason? in
                if let reason = state.reason { return reason }
                state.waiters.append(continuation)
                return nil
            }
            if let reason { continuation.resume(returning: reason) }
        }
    }
}
