import Synchronization

/// Bytes of received messages a session has queued for its capability handlers and they have not read
/// yet: at most `limit` per connection, and every byte also held against the transport's
/// `RLPxReceiveBudget` until it is read (or the connection ends), so a peer that sends faster than its
/// handler reads is disconnected instead of filling memory.
final class Devp2pInboxAccount: Sendable {
    /// Why a message could not be queued.
    enum Refusal: Error, Equatable {
        case connectionLimit(queued: Int, limit: Int)
        case budgetExhausted(limit: Int)
    }

    let limit: Int
    private let budget: RLPxReceiveBudget
    private let state = Mutex<(queued: Int, closed: Bool)>((0, false))

    init(limit: Int, budget: RLPxReceiveBudget) {
        self.limit = limit
        self.budget = budget
    }

    /// Bytes queued and not read yet.
    var queued: Int { state.withLock { $0.queued } }

    /// Accounts for `bytes` about to be queued; a closed account accepts everything (the queue drops it).
    func admit(_ bytes: Int) throws(Refusal) {
        let result: Refusal? = state.withLock { state in
            guard !state.closed else { return nil }
            guard state.queued + bytes <= limit else { return .connectionLimit(queued: state.queued, limit: limit) }
            guard budget.reserve(bytes) else { return .budgetExhausted(limit: budget.limit) }
            state.queued += bytes
            return nil
        }
        if let result { throw result }
    }

    /// A handler read a message of `bytes`.
    func release(_ bytes: Int) {
        state.withLock { state in
            guard !state.closed else { return }
            let returned = min(bytes, state.queued)
            state.queued -= returned
            budget.release(returned)
        }
    }

    /// The connection ended: whatever is still queued no longer counts.
    func close() {
        state.withLock { state in
            guard !state.closed else { return }
            state.closed = true
            budget.release(state.queued)
            state.queued = 0
        }
    }
}
