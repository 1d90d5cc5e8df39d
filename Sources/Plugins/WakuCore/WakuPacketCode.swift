/// Packet codes of `waku/1`, relative to the capability offset (wire-facts §2.1; errata #11: 125 = P2PRequestComplete).
public enum WakuPacketCode: UInt64, Sendable, CaseIterable {
    /// Options list; the first packet each way.
    case status = 0
    /// `[envelope…]`, forwarded.
    case messages = 1
    /// `batch-hash(32)` (deprecated, still sent).
    case batchAcknowledged = 11
    /// Confirmation with per-envelope errors.
    case messageResponse = 12
    /// Partial options list, any time after the handshake.
    case statusUpdate = 22
    /// Mailserver completion (`rlp(bytes)`), only from trusted peers.
    case p2pRequestComplete = 125
    /// History request to a mailserver.
    case p2pRequest = 126
    /// Mailserver envelopes `[envelope…]`, not forwarded, only from trusted peers.
    case p2pMessage = 127
}
