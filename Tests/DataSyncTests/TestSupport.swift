import Foundation
import Primitives
@testable import DataSync

/// A fresh temporary directory, removed by `cleanup()`.
struct TemporaryDirectory {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("datasync-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

/// Deterministic identities for tests.
enum Keys {
    static func make(_ name: String) -> PrivateKey { DataSyncSimulation.key(name, 7) }
    static let alice = make("alice"), bob = make("bob"), carol = make("carol")
}

/// A fixed clock for message timestamps (UNIX seconds).
let fixedClock: @Sendable () -> Int64 = { 1_600_000_000 }

func endpoint(_ key: PrivateKey, storage: DataSyncStorage = .inMemory,
              _ configuration: DataSyncConfiguration = DataSyncConfiguration(clock: fixedClock)) throws -> DataSyncEndpoint {
    try DataSyncEndpoint(identity: key.publicKey, storage: storage, configuration: configuration)
}

extension Array where Element == UInt8 {
    init(text: String) { self = Array(text.utf8) }
}

/// The protobuf varint of `value` (LEB128), written out here as the test's own oracle.
func varint(_ value: UInt64) -> [UInt8] {
    var value = value, out: [UInt8] = []
    repeat {
        let low = UInt8(value & 0x7f)
        value >>= 7
        out.append(value == 0 ? low : low | 0x80)
    } while value != 0
    return out
}

/// A protobuf field tag: varint(field << 3 | wireType).
func tag(_ field: UInt64, _ wireType: UInt64) -> [UInt8] { varint(field << 3 | wireType) }

/// A length-delimited field (wire type 2).
func lengthDelimited(_ field: UInt64, _ content: [UInt8]) -> [UInt8] { tag(field, 2) + varint(UInt64(content.count)) + content }

/// Hands every payload of `output` addressed to `receiver` to it, returning what it delivered.
@discardableResult
func deliver(_ output: TickOutput, from sender: DataSyncEndpoint, to receiver: DataSyncEndpoint) async throws -> [ReceiveSummary] {
    var summaries: [ReceiveSummary] = []
    for payload in output.outgoing where payload.peer == receiver.identity {
        if case .sync(let summary) = try await receiver.receive(payload.bytes, from: sender.identity) { summaries.append(summary) }
    }
    return summaries
}

/// A clock whose sleeps return at once, moving its time to the deadline: the runner ticks as fast as the
/// test drives it while its epochs still line up with clock time.
final class VirtualClock: Clock, @unchecked Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private let lock = NSLock()
    private var current = Instant(offset: .zero)
    var now: Instant { lock.withLock { current } }
    var minimumResolution: Duration { .nanoseconds(1) }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        lock.withLock { if current < deadline { current = deadline } }
        await Task.yield()
    }
}
