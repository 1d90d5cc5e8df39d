/// Everything one node sends one peer in one epoch (wire-facts §4.1 `Payload`): ACKs, OFFERs, REQUESTs and
/// full MESSAGEs, in that field order on the wire.
///
/// The engine builds and reads these; `SyncPayload+Wire.swift` maps them to and from protobuf bytes.
public struct SyncPayload: Sendable, Hashable {
    /// Ids of messages received from the peer.
    public var acks: [SyncMessageID]
    /// Ids offered to the peer (interactive mode).
    public var offers: [SyncMessageID]
    /// Ids requested from the peer (interactive mode).
    public var requests: [SyncMessageID]
    /// Messages carried in full.
    public var messages: [SyncMessage]
    /// Entries of the ACK, OFFER and REQUEST lists that were dropped while decoding because they are not
    /// 32 bytes long (status-go would zero-pad or truncate them into ids nobody holds).
    public var ignoredIDs: Int

    public init(acks: [SyncMessageID] = [], offers: [SyncMessageID] = [], requests: [SyncMessageID] = [],
                messages: [SyncMessage] = [], ignoredIDs: Int = 0) {
        self.acks = acks
        self.offers = offers
        self.requests = requests
        self.messages = messages
        self.ignoredIDs = ignoredIDs
    }

    /// True when there is nothing to send.
    public var isEmpty: Bool { acks.isEmpty && offers.isEmpty && requests.isEmpty && messages.isEmpty }
}
