import Kernel
import Synchronization

/// Records every lifecycle call of test plugins, in order ("prepare:a", "run:a", "stopped:a").
public final class LifecycleRecorder: Sendable {
    private let entries = Mutex<[String]>([])

    public init() {}

    public func record(_ entry: String) { entries.withLock { $0.append(entry) } }
    public var log: [String] { entries.withLock { $0 } }

    /// How many times `key` was prepared (a kept plugin must stay at 1 across a profile switch).
    public func prepareCount(_ key: String) -> Int { log.filter { $0 == "prepare:\(key)" }.count }
}

/// Behaviour knobs for a `RecordingPlugin`, decodable from its profile entry.
public struct RecordingPluginConfig: Decodable, Sendable, Equatable {
    /// Throw from `prepare` (to test rollback).
    public var failPrepare: Bool = false
    /// Ignore the stop signal in `run` (to test cancellation after the grace period).
    public var ignoreStop: Bool = false
    /// Free-form value so tests can change the config and force a restart.
    public var tag: String = ""

    public init() {}

    enum CodingKeys: String, CodingKey { case failPrepare, ignoreStop, tag }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        failPrepare = try c.decodeIfPresent(Bool.self, forKey: .failPrepare) ?? false
        ignoreStop = try c.decodeIfPresent(Bool.self, forKey: .ignoreStop) ?? false
        tag = try c.decodeIfPresent(String.self, forKey: .tag) ?? ""
    }
}

/// A plugin that does nothing but tell the recorder what happened to it.
public struct RecordingPlugin: NodePlugin {
    public struct PrepareFailed: Error, CustomStringConvertible {
        public let key: String
        public var description: String { "plugin \(key) was told to fail" }
    }

    public let descriptor: PluginDescriptor
    let config: RecordingPluginConfig
    let recorder: LifecycleRecorder

    public static func factory(key: String, provides: [Capability] = [], requires: [Capability] = [],
                               optionalRequires: [Capability] = [], recorder: LifecycleRecorder) -> any PluginFactory {
        let descriptor = PluginDescriptor(key: key, summary: "test plugin \(key)", provides: provides, requires: requires,
                                          optionalRequires: optionalRequires)
        return TypedPluginFactory(descriptor, config: RecordingPluginConfig.self) {
            RecordingPlugin(descriptor: descriptor, config: $0, recorder: recorder)
        }
    }

    public func prepare(_ context: PluginContext) async throws {
        recorder.record("prepare:\(descriptor.key)")
        if config.failPrepare { throw PrepareFailed(key: descriptor.key) }
    }

    public func run(_ context: PluginContext) async throws {
        recorder.record("run:\(descriptor.key)")
        defer { recorder.record("stopped:\(descriptor.key)") }
        if config.ignoreStop {
            while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }   // until cancelled (sleep throws at once then)
        } else {
            await context.stopSignal.wait()
        }
    }
}
