import Synchronization

/// A one-shot rendezvous between a plugin's task and the kernel waiting for it to become ready.
///
/// Exactly one outcome wins (ready, failed, or timed out); later attempts are ignored, so a plugin
/// that fails after the kernel gave up on it can never resume the waiter twice.
final class ReadinessGate: Sendable {
    private enum State {
        case pending
        case waiting(CheckedContinuation<Void, any Error>)
        case done(Result<Void, any Error>)
    }
    private let state = Mutex<State>(.pending)

    func wait() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let early = state.withLock { state -> Result<Void, any Error>? in
                switch state {
                case .pending:
                    state = .waiting(continuation)
                    return nil
                case .done(let result):
                    return result
                case .waiting:
                    return .failure(KernelError.internalInconsistency("readiness awaited twice"))
                }
            }
            if let early { continuation.resume(with: early) }
        }
    }

    func resolve(_ result: Result<Void, any Error>) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            switch state {
            case .pending:
                state = .done(result)
                return nil
            case .waiting(let continuation):
                state = .done(result)
                return continuation
            case .done:
                return nil
            }
        }
        waiter?.resume(with: result)
    }
}
