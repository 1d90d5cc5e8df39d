import Kernel

/// Waku seam (ARCHITECTURE §3): originates envelopes. Implemented by the `send` plugin, used by
/// the messenger — which never sees peers, sockets or discovery.
public protocol EnvelopeSender: Sendable {
    /// Encrypts, signs and seals `message` with the sender's configured TTL and PoW target
    /// (`OutgoingMessage.envelope(now:defaults:)`) and posts the envelope to the network.
    ///
    /// - Returns: the envelope's hash (the id delivery confirmations refer to).
    func post(_ message: OutgoingMessage) async throws -> EnvelopeHash

    /// Posts an already-sealed envelope as is (re-sending, bridging).
    func send(_ envelope: Envelope) async throws -> EnvelopeHash
}

extension ServiceKey where T == any EnvelopeSender {
    /// The `EnvelopeSender` of the plugin providing `waku.send`.
    public static var envelopeSender: ServiceKey<any EnvelopeSender> { ServiceKey(.wakuSend, "waku.sender") }
}
