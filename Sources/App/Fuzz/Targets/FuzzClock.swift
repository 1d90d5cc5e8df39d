import Foundation
import Kernel

/// A `NodeClock` stopped at `FuzzFixtures.now`, for the targets that drive a router or registry: time
/// never moves, so every input replays the same way. Sleeping is refused (nothing a target runs may wait).
struct FuzzClock: NodeClock {
    func now() -> Date { Date(timeIntervalSince1970: TimeInterval(FuzzFixtures.now)) }
    func sleep(for duration: Duration) async throws { throw CancellationError() }
}
