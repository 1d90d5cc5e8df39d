import WakuCore

/// Stamps the virtual time at which each envelope reached a node's Waku layer. Sinks run inside the
/// receiving session's handler — while the link model counts that receiver as busy, so before the
/// runner moves the clock — which makes the stamp exact and repeatable, unlike the moment the
/// subscription task (a later hop) gets round to recording the opened message.
struct SimArrivalSink: EnvelopeSink {
    let node: Int
    let observations: SimObservations

    func accept(_ envelope: Envelope, origin: EnvelopeOrigin) async throws {
        observations.stamp(envelope: envelope.hash, node: node)
    }
}
