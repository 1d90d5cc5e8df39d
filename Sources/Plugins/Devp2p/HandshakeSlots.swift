import Kernel
import NIOCore
import Synchronization

/// The sockets the listener accepted that are still in their RLPx handshake, admitted by the
/// kernel's `HandshakeAdmission` at accept time — before any crypto — and released when the
/// handshake ends either way. Exists so a flood of half-open sockets cannot hold every handshake slot.
final class HandshakeSlots: Sendable {
    private struct Slot {
        var info: PendingHandshake
        let channel: any Channel
    }

    private struct State {
        var nextID = 0
        var arrivals: UInt64 = 0
        var slots: [Int: Slot] = [:]
    }

    private let state = Mutex(State())
    let admission: HandshakeAdmission

    init(limits: HandshakeLimits) { admission = HandshakeAdmission(limits: limits) }

    /// Takes a slot for `channel` (closing a displaced handshake's socket) or says why not.
    func admit(_ channel: any Channel, from group: AddressGroup) -> Result<Int, AdmissionRefusal> {
        let (result, victim) = state.withLock { state -> (Result<Int, AdmissionRefusal>, (any Channel)?) in
            var victim: (any Channel)?
            switch admission.decide(group, pending: state.slots.values.map(\.info)) {
            case .refuse(let why):
                return (.failure(why), nil)
            case .admitEvicting(let id):
                victim = state.slots.removeValue(forKey: id)?.channel
            case .admit:
                break
            }
            state.nextID &+= 1
            state.arrivals &+= 1
            let id = state.nextID
            state.slots[id] = Slot(info: PendingHandshake(id: id, group: group, arrival: state.arrivals), channel: channel)
            return (.success(id), victim)
        }
        victim?.close(promise: nil)
        return result
    }

    /// The handshake `id` received a valid auth: it is no longer displaced by newcomers.
    func progressed(_ id: Int) {
        state.withLock { $0.slots[id]?.info.progressed = true }
    }

    func release(_ id: Int) {
        _ = state.withLock { $0.slots.removeValue(forKey: id) }
    }
}
