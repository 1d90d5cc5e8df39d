import Kernel

/// Waku peer seam: where accepted envelopes go. Plugins add an `EnvelopeSink` (the relay's queue, the
/// store's archive, the receive plugin's subscriptions) and remove it when they stop; the send plugin
/// hands its own posts in with origin `.local`. Provided by the `waku` plugin as `.wakuSinks`.
public protocol WakuEnvelopeSinks: Sendable {
    /// Adds a sink that gets every accepted envelope; the returned id removes it again.
    @discardableResult
    func addSink(_ sink: any EnvelopeSink) async -> UInt64
    /// Removes a sink (its plugin stopped).
    func removeSink(_ id: UInt64) async
    /// Hands an envelope to every sink and event subscriber.
    func deliver(_ envelope: Envelope, origin: EnvelopeOrigin) async
}

extension ServiceKey where T == any WakuEnvelopeSinks {
    /// The `waku` plugin's sink set.
    public static var wakuSinks: ServiceKey<any WakuEnvelopeSinks> { ServiceKey(.waku, "waku.sinks") }
}
