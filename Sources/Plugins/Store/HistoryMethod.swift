import Foundation
import Kernel
import Primitives
import WakuCore

/// `waku.history` (the `history` plugin's control method behind `parley history`): fetches every page
/// of `[from, to]` on `topic` (comma-separated topics allowed) from store peers, and opens each envelope
/// with `sym-key`/`password` or the node key where it can.
struct HistoryMethod: ControlMethod {
    let client: StoreHistoryClient
    let nodeKey: PrivateKey
    let clock: any NodeClock

    func call(_ parameters: [String: String]) async throws -> ControlValue {
        let now = UInt32(clamping: Int64(clock.now().timeIntervalSince1970))
        let topics = try (parameters.required("topic")).split(separator: ",").map { text in
            do { return try Topic(hex: String(text)) } catch { throw ControlParameterError("--topic: \(error)") }
        }
        let from = try parameters["from"].map { try Self.time($0, now: now) } ?? now - 86_400
        let to = try parameters["to"].map { try Self.time($0, now: now) } ?? now
        let limit = UInt32(try parameters.number("limit", default: 100))
        let envelopes = try await client.fetchAll(HistoryQuery(from: from, to: to, topics: topics, limit: limit))
        let filter = MessageFilter(topics: Set(topics), keys: try parameters.openingKeys(nodeKey: nodeKey), requireSignature: false)
        let values: [ControlValue] = envelopes.map { envelope in
            if let opened = try? filter.open(envelope, origin: .history(peer: [])) { return opened.controlValue }
            return .object(["hash": .string(envelope.hash.description), "topic": .string(envelope.topic.description),
                            "sent": .number(Double(envelope.sent)), "size": .number(Double(envelope.size))])
        }
        return .object(["envelopes": .array(values), "count": .number(Double(values.count))])
    }

    /// Unix seconds, or a negative offset from now in seconds (`-3600`).
    static func time(_ text: String, now: UInt32) throws -> UInt32 {
        guard let value = Int64(text) else { throw ControlParameterError("times are unix seconds or -SECONDS before now, not '\(text)'") }
        return UInt32(clamping: value < 0 ? Int64(now) + value : value)
    }
}
