/// When a record is sent first and when it is sent again (wire-facts §4.3).
///
/// Two schedules exist:
///
/// * `statusGoV062` reproduces status-go v0.62 exactly, to compare against: a new record is due at
///   `epoch + 1`, and after each send `SendCount += 1; SendEpoch += epoch + 2·SendCount` — *cumulative*, and
///   growing with the absolute epoch number, so the gap roughly doubles each time (a node that starts at epoch 0
///   sends at epochs 1, 4, 12, 30, 68, 146, …) and on a node that has been running for an hour (epoch 12 000)
///   the first retransmission waits another hour. No fast retransmission.
/// * `parley` (the default): due at the next tick; then capped exponential backoff in epochs,
///   `initialInterval · 2^(level − 1)` capped at `maxInterval` (1, 2, 4, 8, 16, 32, 32, … epochs), measured
///   from the epoch of the send, never from an absolute epoch; plus **fast retransmission**: when an ACK arrives
///   from a peer for a message last sent at epoch L, every other record to that peer that is still un-ACKed
///   and was last sent at or before L is lost with high probability (the peer ACKs everything it received in
///   one payload at its next epoch, so its ACK would have come with this one) — it is made due at the next
///   tick instead of waiting out its backoff, and its backoff restarts at `initialInterval`: the backoff is
///   there for a peer that is away, and the ACK just showed this one is not. The rule needs no round-trip
///   estimate. It cannot make us flood: a record is hastened again only by an ACK for something sent after
///   its own last send, and `DeliveryLimits.maxAttempts` counts every send.
///
/// Wire-wise any schedule interoperates: receivers simply ACK.
public struct RetransmissionSchedule: Sendable, Hashable {
    /// The shape of the backoff.
    public enum Backoff: Sendable, Hashable {
        /// status-go v0.62 `CalculateSendTime(count, epoch) = epoch + 2·count`, added to SendEpoch.
        case statusGoV062
        /// `min(initial · 2^(count − 1), max)` epochs after the send.
        case capped(initialInterval: Int64, maxInterval: Int64)
    }

    public var backoff: Backoff
    /// Epochs from creating a record to its first send (status-go: 1; Parley: 0, the next tick).
    public var firstSendDelay: Int64
    /// Retransmit un-ACKed records to a peer at once when its ACKs show they were lost (see above).
    public var fastRetransmit: Bool

    public init(backoff: Backoff, firstSendDelay: Int64, fastRetransmit: Bool) {
        self.backoff = backoff
        self.firstSendDelay = max(0, firstSendDelay)
        self.fastRetransmit = fastRetransmit
    }

    /// status-go v0.62, reproduced for comparison.
    public static let statusGoV062 = RetransmissionSchedule(backoff: .statusGoV062, firstSendDelay: 1, fastRetransmit: false)

    /// Parley's default: 1, 2, 4, … capped at 32 epochs (9.6 s at 300 ms), due at the next tick, fast retransmission.
    public static let parley = RetransmissionSchedule(backoff: .capped(initialInterval: 1, maxInterval: 32),
                                                      firstSendDelay: 0, fastRetransmit: true)

    /// The next `sendEpoch` of `record`, just sent in `epoch` (its counts already include this send).
    func nextSendEpoch(after record: SyncRecord, epoch: Int64) -> Int64 {
        switch backoff {
        case .statusGoV062: return nextSendEpoch(previous: record.sendEpoch, count: record.sendCount, epoch: epoch)
        case .capped: return nextSendEpoch(previous: record.sendEpoch, count: record.backoffLevel, epoch: epoch)
        }
    }

    /// The next send epoch after the `count`-th send (since the last reset, for `.capped`) in `epoch`.
    func nextSendEpoch(previous sendEpoch: Int64, count sendCount: Int, epoch: Int64) -> Int64 {
        switch backoff {
        case .statusGoV062:
            // mvds `updateSendEpoch`: s.SendEpoch += nextEpoch(s.SendCount, n.epoch). Saturating where Go would
            // wrap (after ~60 sends from epoch 0), so a simulation of extreme loss cannot schedule into the past.
            let (step, stepOverflow) = epoch.addingReportingOverflow(2 * Int64(min(sendCount, 1 << 30)))
            let (next, overflow) = sendEpoch.addingReportingOverflow(step)
            return stepOverflow || overflow ? .max : next
        case .capped(let initial, let maxInterval):
            let initial = max(1, initial), cap = max(initial, maxInterval)
            let shift = min(max(0, sendCount - 1), 62)
            let interval = initial > (cap >> Int64(shift)) ? cap : min(cap, initial << Int64(shift))
            return epoch + interval
        }
    }
}
