import Primitives
import WakuCore

/// The P2PRequestComplete body (code 125, wire-facts §2.10.3): `rlp(bytes)` with
/// `request-id(32) ‖ last-envelope-hash(32) ‖ cursor(0 or 36)`, or `"ERROR=" ‖ request-id(32) ‖ message`.
public enum RequestCompletion: Sendable, Equatable {
    /// The page was sent; a cursor means more results follow a repeated request.
    case done(requestID: EnvelopeHash, lastEnvelope: EnvelopeHash?, cursor: HistoryCursor?)
    /// The store refused the request.
    case failed(requestID: EnvelopeHash, message: String)

    static let errorPrefix = Array("ERROR=".utf8)

    public var requestID: EnvelopeHash {
        switch self {
        case .done(let id, _, _), .failed(let id, _): return id
        }
    }

    /// The inner bytes (before the RLP string wrapping).
    public var bytes: [UInt8] {
        switch self {
        case .done(let id, let last, let cursor):
            return id.bytes + (last?.bytes ?? [UInt8](repeating: 0, count: 32)) + (cursor?.bytes ?? [])
        case .failed(let id, let message):
            return Self.errorPrefix + id.bytes + Array(message.utf8)
        }
    }

    /// The code-125 packet payload.
    public var payload: [UInt8] { RLP.encode(.bytes(bytes)) }

    /// Parses the inner bytes (the session already unwrapped `rlp(bytes)`).
    public init(bytes: [UInt8]) throws(StoreRequestError) {
        if bytes.starts(with: Self.errorPrefix) {
            let rest = bytes.dropFirst(Self.errorPrefix.count)
            guard let id = EnvelopeHash(bytes: rest.prefix(32)) else { throw .malformed("error completion shorter than a request id") }
            self = .failed(requestID: id, message: String(decoding: rest.dropFirst(32), as: UTF8.self))
            return
        }
        guard bytes.count == 64 || bytes.count == 64 + WakuConstants.historyCursorLength,
              let id = EnvelopeHash(bytes: bytes[0..<32]), let last = EnvelopeHash(bytes: bytes[32..<64]) else {
            throw .malformed("completion must be 64 or 100 bytes, got \(bytes.count)")
        }
        let cursor: HistoryCursor?
        do { cursor = bytes.count > 64 ? try HistoryCursor(bytes: bytes[64...]) : nil } catch { throw .invalid(error) }
        self = .done(requestID: id, lastEnvelope: last.bytes.allSatisfy { $0 == 0 } ? nil : last, cursor: cursor)
    }
}
