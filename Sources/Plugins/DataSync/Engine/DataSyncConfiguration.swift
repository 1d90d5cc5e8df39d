import Foundation

/// How one `DataSyncEndpoint` behaves. Defaults are Parley's; `statusGoV062` reproduces status-go v0.62.
public struct DataSyncConfiguration: Sendable {
    /// BATCH (Status) or INTERACTIVE.
    public var mode: DataSyncMode
    /// When records are (re)sent.
    public var schedule: RetransmissionSchedule
    /// When records are given up.
    public var limits: DeliveryLimits
    /// ACK a MESSAGE received again (2/MVDS; Parley). `false` reproduces status-go v0.62, whose persistent
    /// store fails the duplicate insert and skips the ACK — which leaves a sender whose first ACK was lost
    /// retransmitting until its limits expire the record.
    public var acknowledgesDuplicates: Bool
    /// Received ids are remembered (for exactly-once delivery) this many epochs; `nil` (the default) for ever,
    /// 40 bytes a message. A bound must exceed every sender's age limit — status-go's senders have none — or a
    /// late retransmission is delivered again.
    public var receivedRetentionEpochs: Int64?
    /// UNIX seconds for new messages' timestamps.
    public var clock: @Sendable () -> Int64

    public init(mode: DataSyncMode = .batch, schedule: RetransmissionSchedule = .parley, limits: DeliveryLimits = .parley,
                acknowledgesDuplicates: Bool = true, receivedRetentionEpochs: Int64? = nil,
                clock: @escaping @Sendable () -> Int64 = DataSyncConfiguration.systemClock) {
        self.mode = mode
        self.schedule = schedule
        self.limits = limits
        self.acknowledgesDuplicates = acknowledgesDuplicates
        self.receivedRetentionEpochs = receivedRetentionEpochs.map { max(1, $0) }
        self.clock = clock
    }

    /// status-go v0.62 as pinned (mvds v0.0.23): its schedule, no limits, duplicates not ACKed.
    public static func statusGoV062(mode: DataSyncMode = .batch,
                                    clock: @escaping @Sendable () -> Int64 = DataSyncConfiguration.systemClock) -> Self {
        DataSyncConfiguration(mode: mode, schedule: .statusGoV062, limits: .unlimited, acknowledgesDuplicates: false,
                              receivedRetentionEpochs: nil, clock: clock)
    }

    /// The system time in UNIX seconds.
    public static let systemClock: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
}
