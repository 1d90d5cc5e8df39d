import Kernel
import Synchronization

/// Counters of one rendezvous plugin (both flavours): traffic (into the kernel's per-source `TrafficCounter`, shown by
/// `parley ctl status`), registrations accepted, discoveries, and drops by reason.
public final class RendStats: Sendable {
    public let traffic: TrafficCounter
    private struct Counts {
        var registrations = 0
        var v1Registrations = 0
        var discovered = 0
        var drops: [String: Int] = [:]
    }
    private let counts = Mutex(Counts())
    private let attached = Mutex<TrafficCounter?>(nil)

    public init(traffic: TrafficCounter = TrafficCounter()) { self.traffic = traffic }

    /// Also counts traffic into `counter` (the kernel's per-source counter of the running plugin).
    func attach(_ counter: TrafficCounter) { attached.withLock { $0 = counter } }
    func noteIn(bytes: Int) {
        traffic.recordIn(bytes: bytes)
        attached.withLock { $0 }?.recordIn(bytes: bytes)
    }
    func noteOut(bytes: Int) {
        traffic.recordOut(bytes: bytes)
        attached.withLock { $0 }?.recordOut(bytes: bytes)
    }
    func noteRegistration(v1: Bool = false) {
        counts.withLock {
            $0.registrations += 1
            if v1 { $0.v1Registrations += 1 }
        }
    }
    func noteDiscovered(_ n: Int) { counts.withLock { $0.discovered += n } }
    func noteDrop(_ reason: RendServerDrop) { counts.withLock { $0.drops[reason.rawValue, default: 0] += 1 } }
    func noteDrop(_ reason: RendClientDrop) { counts.withLock { $0.drops[reason.rawValue, default: 0] += 1 } }

    /// Registrations accepted by this node's server (both flavours).
    public var registrations: Int { counts.withLock { $0.registrations } }
    /// Of those, `/rendezvous/1.0.0` ones.
    public var v1Registrations: Int { counts.withLock { $0.v1Registrations } }
    /// Records received in DISCOVER_RESPONSEs by this node's client.
    public var discovered: Int { counts.withLock { $0.discovered } }
    /// Drops by reason (`malformed-request`, `rate-limited`, `timeout`, …).
    public var drops: [String: Int] { counts.withLock { $0.drops } }
}
