import Dispatch
import Foundation

/// Delivers POSIX signals (SIGINT, SIGTERM, SIGHUP) as an async sequence instead of killing the
/// process, so the node can stop gracefully or re-apply its profile.
/// `@unchecked`: dispatch sources are thread-safe; the array is never mutated after init.
final class SignalStream: @unchecked Sendable {
    let signals: AsyncStream<Int32>
    private let sources: [any DispatchSourceSignal]

    init(_ numbers: [Int32]) {
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        signals = stream
        sources = numbers.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
    }

    deinit {
        sources.forEach { $0.cancel() }
    }
}
