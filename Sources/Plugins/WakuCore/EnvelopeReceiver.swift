import Kernel

/// Waku seam (ARCHITECTURE §3): subscriptions by topic and key. Implemented by the `receive`
/// plugin (which also advertises the union of its filters' topics as topic interest or bloom),
/// used by the messenger.
public protocol EnvelopeReceiver: Sendable {
    /// Messages matching `filter` (`MessageFilter.open`) from now on — relayed and replayed from
    /// history alike — as they arrive.
    ///
    /// The subscription lasts until the consumer stops iterating (the stream's termination
    /// removes the filter) or the receiver stops (the stream finishes).
    func messages(matching filter: MessageFilter) async -> AsyncStream<ReceivedMessage>
}

extension ServiceKey where T == any EnvelopeReceiver {
    /// The `EnvelopeReceiver` of the plugin providing `waku.receive`.
    public static var envelopeReceiver: ServiceKey<any EnvelopeReceiver> { ServiceKey(.wakuReceive, "waku.receiver") }
}
