import Synchronization

/// A value set in `prepare` and read by `health()` (plugins are immutable values).
final class Slot<Value: Sendable>: Sendable {
    private let value = Mutex<Value?>(nil)

    func set(_ newValue: Value) { value.withLock { $0 = newValue } }
    func get() -> Value? { value.withLock { $0 } }
}
