import Foundation
import Kernel
import WakuCore

/// Settings of the `store` plugin (YAML keys in kebab-case); defaults are the 2020 Status fleet's.
public struct StoreConfig: Decodable, Sendable, Equatable {
    /// Days an envelope is kept (fleet: 30); 0 keeps everything.
    public var retentionDays = 30
    /// Seconds between retention sweeps (status-go: hourly).
    public var pruneIntervalSeconds = 3600.0
    /// The mailserver password clients derive the request key from.
    public var password = StoreDefaults.password
    /// Lowest PoW a request envelope needs.
    public var minimumRequestPow = WakuConstants.nodeMinimumPoW
    /// History requests served per peer per second (bursts of twice that); 0 = unlimited.
    public var requestsPerSecond = 10.0
    /// Largest code-127 packet sent.
    public var maxPacketBytes = WakuConstants.defaultMaxMessageSize
    /// Most envelope bytes archived; beyond it the oldest envelopes are pruned first (to 90 %). 0 = no quota.
    public var maxArchiveBytes = 1 << 30

    public init() {}

    enum CodingKeys: String, CodingKey { case retentionDays, pruneIntervalSeconds, password, minimumRequestPow, requestsPerSecond, maxPacketBytes, maxArchiveBytes }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = StoreConfig()
        retentionDays = try c.decode(Int.self, forKey: .retentionDays, default: d.retentionDays, in: 0...36_500, unit: "days (0 keeps everything)")
        pruneIntervalSeconds = try c.decode(Double.self, forKey: .pruneIntervalSeconds, default: d.pruneIntervalSeconds, in: 0.01...86_400, unit: "seconds")
        password = try c.decodeIfPresent(String.self, forKey: .password) ?? d.password
        minimumRequestPow = try c.decode(Double.self, forKey: .minimumRequestPow, default: d.minimumRequestPow, in: 0...1_000_000)
        requestsPerSecond = try c.decode(Double.self, forKey: .requestsPerSecond, default: d.requestsPerSecond, in: 0...1_000_000, unit: "(0 = unlimited)")
        maxPacketBytes = try c.decode(Int.self, forKey: .maxPacketBytes, default: d.maxPacketBytes, in: 1024...WakuConstants.hardMaxMessageSize, unit: "bytes")
        maxArchiveBytes = try c.decode(Int.self, forKey: .maxArchiveBytes, default: d.maxArchiveBytes, in: 0...(1 << 44),
                                       unit: "bytes (0 = no quota)")
        if maxArchiveBytes != 0, maxArchiveBytes < 1 << 20 {
            throw DecodingError.dataCorruptedError(forKey: .maxArchiveBytes, in: c,
                                                   debugDescription: "expected 0 (no quota) or at least 1048576 bytes, got \(maxArchiveBytes)")
        }
        func fail(_ key: CodingKeys, _ text: String) -> DecodingError { .dataCorruptedError(forKey: key, in: c, debugDescription: text) }
        guard !password.isEmpty else { throw fail(.password, "must not be empty") }
    }
}

/// Fleet defaults shared by the store and its clients.
public enum StoreDefaults {
    /// status-go's default mailserver password (wire-facts §2.8).
    public static let password = "status-offline-inbox"
}

/// Archives every envelope this node relays or posts (never history replies), acknowledging only once
/// it is committed.
struct ArchiveSink: EnvelopeSink {
    let archive: EnvelopeArchive
    func accept(_ envelope: Envelope, origin: EnvelopeOrigin) async throws {
        if case .history = origin { return }
        try await archive.archive(envelope)
    }
}

/// The `store` plugin: a full node's 30-day archive (SQLite, `<storage>/archive.sqlite`) that answers
/// history requests. Provides the `EnvelopeArchive` (`StorePlugin.archiveKey`) to later plugins.
public struct StorePlugin: NodePlugin {
    /// The archive this plugin opens in `prepare` and serves from in `run`.
    public static let archiveKey = ServiceKey<EnvelopeArchive>(.wakuStore, "store.archive")
    public static let descriptor = PluginDescriptor(key: "store", summary: "Waku store: archives envelopes for 30 days, answers history requests",
                                                    provides: [.wakuStore], requires: [.waku])
    public var descriptor: PluginDescriptor { Self.descriptor }
    public let config: StoreConfig
    let handoff: ServiceHandoff<EnvelopeArchive>?

    public init(config: StoreConfig, handoff: ServiceHandoff<EnvelopeArchive>? = nil) {
        self.config = config
        self.handoff = handoff
    }

    /// `handoff`: receives the archive once opened (tests and simulations).
    public static func factory(handoff: ServiceHandoff<EnvelopeArchive>? = nil) -> any PluginFactory {
        TypedPluginFactory(descriptor, config: StoreConfig.self) { StorePlugin(config: $0, handoff: handoff) }
    }

    public func prepare(_ context: PluginContext) async throws {
        let path = (context.storageDirectory as NSString).appendingPathComponent("archive.sqlite")
        let archive = try EnvelopeArchive(path: path, quotaBytes: config.maxArchiveBytes == 0 ? nil : config.maxArchiveBytes)
        try context.provide(Self.archiveKey, archive)
        await handoff?.put(archive)
        let stored = try await archive.count()
        context.logger.info("store archive open", metadata: ["path": "\(path)", "envelopes": "\(stored)"])
    }

    public func run(_ context: PluginContext) async throws {
        let peers = try context.require(.wakuPeers)
        let sinks = try context.require(.wakuSinks)
        let archive = try context.require(Self.archiveKey)
        let clock = context.clock
        let server = StoreServer(archive: archive, peers: peers, penalties: try context.require(.wakuPenalties), key: try SymKey(publicPassword: config.password),
                                 minimumPoW: config.minimumRequestPow, maxPacketBytes: config.maxPacketBytes,
                                 requestsPerSecond: config.requestsPerSecond, now: { clock.now().timeIntervalSince1970 })
        let events = await (try context.require(.wakuPeerEvents)).events()
        try context.provide(.metricsSource(context.pluginKey), StoreMetrics(archive: archive, server: server))
        let sinkID = await sinks.addSink(ArchiveSink(archive: archive))
        let retention = UInt32(clamping: config.retentionDays * 86_400)
        let interval = Duration.milliseconds(Int64(config.pruneIntervalSeconds * 1000))
        let logger = context.logger
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await server.serve(events) }
            if retention > 0 {
                group.addTask {
                    while !Task.isCancelled {
                        let now = UInt32(clamping: Int64(clock.now().timeIntervalSince1970))
                        do {
                            let removed = try await archive.prune(sentBefore: now &- min(retention, now))
                            if removed > 0 { logger.info("store pruned expired envelopes", metadata: ["removed": "\(removed)"]) }
                        } catch {
                            logger.error("store prune failed", metadata: ["error": "\(error)"])
                        }
                        try? await clock.sleep(for: interval)
                    }
                }
            }
            await context.stopSignal.wait()
            group.cancelAll()
        }
        await sinks.removeSink(sinkID)
    }
}
