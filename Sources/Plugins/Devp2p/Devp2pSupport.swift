import Kernel
import NIOCore
import Synchronization

/// Carries the session's future out of the channel initializer.
final class PromiseBox: Sendable {
    private let stored = Mutex<EventLoopFuture<Devp2pConnection>?>(nil)

    func set(_ future: EventLoopFuture<Devp2pConnection>) { stored.withLock { $0 = future } }
    var future: EventLoopFuture<Devp2pConnection>? { stored.withLock { $0 } }
}
