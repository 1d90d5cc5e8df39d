import Foundation
import Primitives
@testable import SecureChannel

/// SplitMix64: a tiny seeded generator so randomised tests are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A settable clock for bundle timestamps and rotation (nanoseconds).
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int64
    init(_ start: Int64 = 1_600_000_000_000_000_000) { value = start }
    var now: Int64 { lock.withLock { value } }
    func advance(nanoseconds: Int64) { lock.withLock { value += nanoseconds } }
    var function: @Sendable () -> Int64 { { self.now } }
}

/// A fresh temporary directory, removed by `cleanup()`.
struct TemporaryDirectory {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("securechannel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

/// One account with one or more devices, each an `EncryptionProtocol` on an in-memory store.
struct Account {
    let key: PrivateKey
    var identity: PublicKey { key.publicKey }

    init(key: PrivateKey = .generate()) { self.key = key }

    func device(_ installationID: String, clock: TestClock = TestClock(),
                limits: RatchetLimits = .statusGo) throws -> EncryptionProtocol {
        try EncryptionProtocol(identityKey: key, installationID: installationID, store: InMemorySecureChannelStore(),
                               limits: limits, clock: clock.function)
    }
}

extension Array where Element == UInt8 {
    init(text: String) { self = Array(text.utf8) }
}

/// 32 ASCII bytes of one repeated digit — the status-go X3DH vector's private keys.
func asciiKey(_ digit: Character) throws -> PrivateKey {
    try PrivateKey(rawBytes: Array(String(repeating: digit, count: 32).utf8))
}
