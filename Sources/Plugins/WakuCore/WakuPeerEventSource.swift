import Kernel

/// Waku peer seam: everything peers send that plugins act on (envelopes, confirmations, history
/// requests and completions, joins and leaves). Provided by the `waku` plugin as `.wakuPeerEvents`.
public protocol WakuPeerEventSource: Sendable {
    /// A new subscription from now on (each call makes one; it ends when the consumer stops iterating).
    /// A slow consumer loses old events; it never blocks a session.
    func events() async -> AsyncStream<WakuPeerEvent>
}

extension ServiceKey where T == any WakuPeerEventSource {
    /// The `waku` plugin's event stream.
    public static var wakuPeerEvents: ServiceKey<any WakuPeerEventSource> { ServiceKey(.waku, "waku.events") }
}
