import Foundation
import Kernel
import WakuCore

/// The `EnvelopeReceiver` of the `receive` plugin: subscriptions by topic and key, each an
/// `AsyncStream` of the messages its `MessageFilter` opens. Every envelope is offered once (by hash).
public actor WakuReceiver: EnvelopeReceiver {
    private var subscriptions: [UUID: (filter: MessageFilter, continuation: AsyncStream<ReceivedMessage>.Continuation)] = [:]
    private let seen = SeenEnvelopes()
    private var stopped = false
    private let interestContinuation: AsyncStream<Set<Topic>>.Continuation
    /// Envelopes no subscription could open.
    public private(set) var unmatched = 0
    /// The union of the subscriptions' topics each time it changes (the plugin advertises it).
    public nonisolated let interestChanges: AsyncStream<Set<Topic>>

    public init() {
        (interestChanges, interestContinuation) = AsyncStream.makeStream(of: Set<Topic>.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Number of subscriptions (ended ones linger until their next matching envelope).
    public var subscriptionCount: Int { subscriptions.count }

    /// The topics of every live subscription (what this node should advertise as topic interest).
    public var topics: Set<Topic> { subscriptions.values.reduce(into: []) { $0.formUnion($1.filter.topics) } }

    public func messages(matching filter: MessageFilter) async -> AsyncStream<ReceivedMessage> {
        let (stream, continuation) = AsyncStream.makeStream(of: ReceivedMessage.self, bufferingPolicy: .bufferingNewest(1_000))
        guard !stopped else {
            continuation.finish()
            return stream
        }
        let before = topics
        subscriptions[UUID()] = (filter, continuation)
        announceIfChanged(from: before)
        // Peers learn the new interest before the subscriber gets its stream, so a message posted right
        // after subscribing is not filtered out by a relay that still has the old topic interest.
        if let advertise = interestAdvertiser, topics != before { await advertise(topics) }
        return stream
    }

    /// Called (and awaited) with the new topic set whenever a subscription adds topics.
    private var interestAdvertiser: (@Sendable (Set<Topic>) async -> Void)?

    /// Installs the advertiser (the plugin does, when `advertise-interest` is on).
    public func advertiseInterest(with advertiser: (@Sendable (Set<Topic>) async -> Void)?) { interestAdvertiser = advertiser }

    /// Offers an accepted envelope to every subscription (duplicates by hash are ignored). A
    /// subscription whose consumer stopped iterating is removed at its next matching envelope.
    public func deliver(_ envelope: Envelope, origin: EnvelopeOrigin, now: UInt32) async {
        guard await seen.firstSighting(of: envelope, now: now) else { return }
        let before = topics
        defer { announceIfChanged(from: before) }
        var matched = false
        for (id, subscription) in subscriptions {
            guard let message = try? subscription.filter.open(envelope, origin: origin) else { continue }
            if case .terminated = subscription.continuation.yield(message) {
                subscriptions[id] = nil  // the consumer stopped iterating: the filter goes
            } else {
                matched = true
            }
        }
        if !matched { unmatched += 1 }
    }

    /// Ends every subscription (the plugin stopped).
    public func stop() {
        stopped = true
        for subscription in subscriptions.values { subscription.continuation.finish() }
        subscriptions = [:]
        interestContinuation.finish()
    }

    private func announceIfChanged(from before: Set<Topic>) {
        let now = topics
        if now != before { interestContinuation.yield(now) }
    }

}

/// Settings of the `receive` plugin (YAML keys in kebab-case).
public struct ReceiveConfig: Decodable, Sendable, Equatable {
    /// Mark this node light and advertise the subscriptions' topics as topic interest (StatusUpdate)
    /// whenever they change, so peers send it only what it asked for — while no `relay` runs here.
    public var advertiseInterest = false

    public init() {}

    enum CodingKeys: String, CodingKey { case advertiseInterest }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        advertiseInterest = try c.decodeIfPresent(Bool.self, forKey: .advertiseInterest) ?? false
    }
}

/// The `receive` plugin: provides a `WakuReceiver` as `.envelopeReceiver` and feeds it every envelope
/// the `waku` plugin accepts.
public struct ReceivePlugin: NodePlugin {
    public static let descriptor = PluginDescriptor(key: "receive", summary: "Waku receive: subscriptions by topic and key",
                                                    provides: [.wakuReceive], requires: [.waku])
    public var descriptor: PluginDescriptor { Self.descriptor }
    public let config: ReceiveConfig
    let handoff: ServiceHandoff<WakuReceiver>?

    public init(config: ReceiveConfig, handoff: ServiceHandoff<WakuReceiver>? = nil) {
        self.config = config
        self.handoff = handoff
    }

    /// `handoff`: receives the receiver once prepared (tests and simulations).
    public static func factory(handoff: ServiceHandoff<WakuReceiver>? = nil) -> any PluginFactory {
        TypedPluginFactory(descriptor, config: ReceiveConfig.self) { ReceivePlugin(config: $0, handoff: handoff) }
    }

    /// This plugin's own services, kept for `run`.
    static let receiverKey = ServiceKey<WakuReceiver>(.wakuReceive, "receive.waku-receiver")
    static let watchKey = ServiceKey<WatchMethod>(.wakuReceive, "receive.watch")

    public func prepare(_ context: PluginContext) async throws {
        let receiver = WakuReceiver()
        try context.provide(Self.receiverKey, receiver)
        try context.provide(.envelopeReceiver, receiver)
        let watch = WatchMethod(receiver: receiver, nodeKey: context.identity.privateKey)
        try context.provide(Self.watchKey, watch)
        try context.provide(.controlMethod("waku.watch"), watch)
        await handoff?.put(receiver)
    }

    public func run(_ context: PluginContext) async throws {
        let sinks = try context.require(.wakuSinks)
        let role = try context.require(.wakuRole)
        let receiver = try context.require(Self.receiverKey)
        let watch = try context.lookup(Self.watchKey)
        let clock = context.clock
        let (stream, continuation) = AsyncStream.makeStream(of: (Envelope, EnvelopeOrigin).self, bufferingPolicy: .bufferingNewest(10_000))
        let sinkID = await sinks.addSink(ForwardingSink(continuation: continuation))
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await (envelope, origin) in stream {
                    await receiver.deliver(envelope, origin: origin, now: UInt32(clamping: Int64(clock.now().timeIntervalSince1970)))
                }
            }
            if config.advertiseInterest {
                await receiver.advertiseInterest { topics in await role.setLocalInterest(topics) }
                await role.setLocalInterest(await receiver.topics)
                group.addTask {
                    for await topics in receiver.interestChanges { await role.setLocalInterest(topics) }
                }
            }
            await context.stopSignal.wait()
            continuation.finish()
            await watch?.stopAll()
            await receiver.advertiseInterest(with: nil)
            await receiver.stop()
            await group.waitForAll()
        }
        if config.advertiseInterest { await role.setLocalInterest(nil) }
        await sinks.removeSink(sinkID)
    }
}
