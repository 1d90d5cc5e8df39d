import WakuCore

/// The `EnvelopeSink`s capability plugins registered, and the delivery of each accepted envelope to
/// the event subscribers and then to every sink: the `waku` plugin's `WakuEnvelopeSinks`.
public actor WakuSinkSet: WakuEnvelopeSinks {
    private let events: WakuEventHub
    private var sinks: [(id: UInt64, sink: any EnvelopeSink)] = []
    private var nextSinkID: UInt64 = 0
    /// Sink failures (local problems, never blamed on peers).
    public private(set) var sinkFailures = 0

    public init(events: WakuEventHub) { self.events = events }

    @discardableResult
    public func addSink(_ sink: any EnvelopeSink) -> UInt64 {
        nextSinkID += 1
        sinks.append((nextSinkID, sink))
        return nextSinkID
    }

    public func removeSink(_ id: UInt64) { sinks.removeAll { $0.id == id } }

    /// Sinks currently registered.
    public var sinkCount: Int { sinks.count }

    public func deliver(_ envelope: Envelope, origin: EnvelopeOrigin) async {
        await events.emit(.envelope(envelope, origin: origin))
        for (_, sink) in sinks {
            do { try await sink.accept(envelope, origin: origin) } catch { sinkFailures += 1 }
        }
    }
}
