import Synchronization

/// The bytes all RLPx sessions of one transport may hold in receive buffers at once (frame bodies
/// announced by a header and not yet complete). A session reserves a body's length as soon as its
/// header is decrypted and releases it when the body has been consumed or the session ends; a
/// reservation that would exceed the budget ends that session instead of buffering.
final class RLPxReceiveBudget: Sendable {
    /// The most bytes reserved at once.
    let limit: Int
    private let reserved = Atomic<Int>(0)

    init(limit: Int) { self.limit = limit }

    /// Bytes reserved right now across every session.
    var inUse: Int { reserved.load(ordering: .relaxed) }

    /// Reserves `bytes`; false (nothing reserved) when that would exceed `limit`.
    func reserve(_ bytes: Int) -> Bool {
        let total = reserved.wrappingAdd(bytes, ordering: .relaxed).newValue
        guard total <= limit else {
            reserved.wrappingSubtract(bytes, ordering: .relaxed)
            return false
        }
        return true
    }

    /// Returns bytes taken by `reserve`.
    func release(_ bytes: Int) {
        guard bytes > 0 else { return }
        reserved.wrappingSubtract(bytes, ordering: .relaxed)
    }
}
