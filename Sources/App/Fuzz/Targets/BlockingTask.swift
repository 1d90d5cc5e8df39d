import Dispatch

/// Runs async code to completion from the synchronous fuzz callback (libFuzzer calls targets on a plain
/// thread, never on the cooperative pool, so blocking it is safe). Exists for actor-based decoders such as
/// `EncryptionProtocol`. Never call it from async code: waiting on a cooperative-pool thread can deadlock
/// the pool (the regression tests run targets on a thread of their own).
enum BlockingTask {
    private final class Box<T>: @unchecked Sendable { var value: T? }

    static func run<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
        let box = Box<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            box.value = await body()
            done.signal()
        }
        done.wait()
        guard let value = box.value else { fatalError("BlockingTask finished without a value") }
        return value
    }
}
