import Primitives
import WakuCore

/// Why a Status / StatusUpdate options list was refused. Each case is a protocol violation.
public enum StatusOptionsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The payload is not valid RLP.
    case malformedRLP(RLPError)
    /// The payload or an option entry is not a list of the expected shape.
    case malformedEntry(index: Int)
    /// An option's value has the wrong encoding.
    case invalidValue(key: UInt64, reason: String)
    /// The PoW requirement is NaN, infinite or negative.
    case invalidPoW(bitPattern: UInt64)
    /// More topics than `WakuConstants.maxTopicInterest`.
    case tooManyTopics(Int)

    public var description: String {
        switch self {
        case .malformedRLP(let error): return "status options are not valid RLP: \(error)"
        case .malformedEntry(let index):
            return "status option #\(index) is not a [key, value] pair (the payload must be a list of pairs)"
        case .invalidValue(let key, let reason): return "status option \(key) has an invalid value: \(reason)"
        case .invalidPoW(let bits):
            return "status PoW requirement 0x\(String(bits, radix: 16)) is NaN, infinite or negative; a finite float64 ≥ 0 is required"
        case .tooManyTopics(let count):
            return "topic interest lists \(count) topics; at most \(WakuConstants.maxTopicInterest) are allowed"
        }
    }
}

extension StatusOptions {
    /// Decodes an options list; unknown keys are skipped, a repeated key keeps its last value.
    ///
    /// - Throws: `StatusOptionsError`; never traps.
    public init(decoding payload: some Collection<UInt8>) throws(StatusOptionsError) {
        self.init()
        let items: [RLPItem]
        do { items = try RLP.decodeList(payload) } catch let error as RLPError {
            if error == .expectedList { throw .malformedEntry(index: -1) }
            throw .malformedRLP(error)
        } catch { throw .malformedRLP(.emptyInput) }
        for (index, item) in items.enumerated() {
            guard case .list(let pair) = item, pair.count == 2, let key = try? pair[0].asUInt64() else {
                throw .malformedEntry(index: index)
            }
            guard let known = Key(rawValue: key) else { continue }
            try apply(known, pair[1])
        }
    }

    private mutating func apply(_ key: Key, _ value: RLPItem) throws(StatusOptionsError) {
        func fail(_ reason: String) -> StatusOptionsError { .invalidValue(key: key.rawValue, reason: reason) }
        switch key {
        case .powRequirement:
            guard let bits = try? value.asUInt64() else { throw fail("expected a uint64 float bit pattern") }
            let pow = Double(bitPattern: bits)
            guard pow.isFinite, pow >= 0 else { throw .invalidPoW(bitPattern: bits) }
            powRequirement = pow
        case .bloomFilter:
            guard let bytes = try? value.asBytes() else { throw fail("expected a byte string") }
            if bytes.isEmpty { bloomFilter = nil; return }
            guard let bloom = try? Bloom(bytes: bytes) else { throw fail("bloom filter must be 0 or 64 bytes, got \(bytes.count)") }
            bloomFilter = bloom
        case .lightNode:
            guard let flag = try? value.asBool() else { throw fail("expected a Go bool (01 or empty)") }
            lightNode = flag
        case .confirmationsEnabled:
            guard let flag = try? value.asBool() else { throw fail("expected a Go bool (01 or empty)") }
            confirmationsEnabled = flag
        case .packetRateLimits:
            packetRateLimits = try Self.rateLimits(value, fail)
        case .bytesRateLimits:
            bytesRateLimits = try Self.rateLimits(value, fail)
        case .topicInterest:
            guard case .list(let entries) = value else { throw fail("expected a list of 4-byte topics") }
            guard entries.count <= WakuConstants.maxTopicInterest else { throw .tooManyTopics(entries.count) }
            var topics: [Topic] = []
            topics.reserveCapacity(entries.count)
            for entry in entries {
                guard let bytes = try? entry.asBytes(), let topic = try? Topic(bytes: bytes) else {
                    throw fail("every topic must be a 4-byte string")
                }
                topics.append(topic)
            }
            topicInterest = topics
        }
    }

    private static func rateLimits(_ value: RLPItem, _ fail: (String) -> StatusOptionsError) throws(StatusOptionsError) -> RateLimits {
        guard case .list(let fields) = value, fields.count == 3,
              let ip = try? fields[0].asUInt64(), let peer = try? fields[1].asUInt64(), let topic = try? fields[2].asUInt64()
        else { throw fail("expected [ip, peerID, topic] unsigned integers") }
        return RateLimits(ip: ip, peerID: peer, topic: topic)
    }
}
