/// How a node hands a new message to its peers (wire-facts §4.3, 2/MVDS).
public enum DataSyncMode: String, Sendable, Hashable, CaseIterable {
    /// MESSAGE → ACK: the full message goes out at once and is retransmitted until ACKed. What Status uses.
    case batch
    /// OFFER → REQUEST → MESSAGE → ACK: only the id goes out until the peer asks for it. Saves bandwidth
    /// for large bodies the peer may already have (e.g. through another group member); costs two round trips.
    case interactive
}
