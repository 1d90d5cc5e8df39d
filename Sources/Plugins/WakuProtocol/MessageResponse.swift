import Primitives
import WakuCore

/// One rejected envelope in a `MessageResponse`: its hash, code 21 (time not synced) or 22 (other), and why.
public struct EnvelopeError: Sendable, Equatable {
    public var hash: EnvelopeHash
    public var code: UInt
    public var description: String

    public init(hash: EnvelopeHash, code: UInt, description: String) {
        self.hash = hash
        self.code = code
        self.description = description
    }

    /// The entry status-go sends for an envelope refused by `EnvelopeAcceptance` (errata #10).
    public init(hash: EnvelopeHash, rejection: EnvelopeRejection) {
        self.init(hash: hash, code: rejection.messageResponseCode, description: rejection.description)
    }
}

/// The confirmation packet (code 12): `[version = 1, [batch-hash(32), [[hash, code, description]…]]]`.
/// `batchHash` is keccak256 of the Messages payload it answers.
public struct MessageResponse: Sendable, Equatable {
    /// The only version status-go sends.
    public static let version: UInt64 = 1
    public var batchHash: [UInt8]
    public var errors: [EnvelopeError]

    public init(batchHash: [UInt8], errors: [EnvelopeError]) {
        self.batchHash = batchHash
        self.errors = errors
    }

    /// keccak256 of a Messages payload: the batch hash confirmations refer to.
    public static func batchHash(ofPayload payload: [UInt8]) -> [UInt8] { Keccak256.hash(payload) }

    /// The RLP payload.
    public func encoded() -> [UInt8] {
        let entries = errors.map { RLPItem.list([.bytes($0.hash.bytes), .uint(UInt64($0.code)), .string($0.description)]) }
        return RLP.encode(.list([.uint(Self.version), .list([.bytes(batchHash), .list(entries)])]))
    }

    /// Decodes a MessageResponse payload.
    ///
    /// - Throws: `WakuPacketError.malformed` naming what is wrong; never traps.
    public init(decoding payload: some Collection<UInt8>) throws(WakuPacketError) {
        func bad(_ reason: String) -> WakuPacketError { .malformed(code: .messageResponse, reason: reason) }
        guard let top = try? RLP.decode(payload), case .list(let outer) = top, outer.count == 2 else {
            throw bad("expected [version, [batch-hash, errors]]")
        }
        guard let version = try? outer[0].asUInt64(), version == Self.version else {
            throw bad("unsupported version; only version 1 is defined")
        }
        guard case .list(let body) = outer[1], body.count == 2,
              let batch = try? body[0].asBytes(count: 32), case .list(let entries) = body[1] else {
            throw bad("expected [batch-hash(32), [[hash, code, description]…]]")
        }
        var errors: [EnvelopeError] = []
        for entry in entries {
            guard case .list(let fields) = entry, fields.count == 3,
                  let hashBytes = try? fields[0].asBytes(count: 32), let hash = EnvelopeHash(bytes: hashBytes),
                  let code = try? fields[1].asUInt(UInt32.self), let text = try? fields[2].asString() else {
                throw bad("an error entry is not [hash(32), code uint, description string]")
            }
            errors.append(EnvelopeError(hash: hash, code: UInt(code), description: text))
        }
        self.init(batchHash: batch, errors: errors)
    }
}

/// A packet that could not be decoded or is not allowed; the sender is penalised.
public enum WakuPacketError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The payload of a packet with this code is malformed.
    case malformed(code: WakuPacketCode, reason: String)
    /// The packet exceeds the maximum message size.
    case oversize(code: UInt64, size: Int, limit: Int)

    public var description: String {
        switch self {
        case .malformed(let code, let reason): return "malformed waku \(code) packet: \(reason)"
        case .oversize(let code, let size, let limit):
            return "waku packet \(code) of \(size) B exceeds the maximum message size of \(limit) B (config waku.max-message-size)"
        }
    }
}

/// The Messages / P2PMessage payload codec (SPECS §2.1): `[envelope…]` via WakuCore.
public enum MessagesPacket {
    /// Encodes envelopes as a Messages payload.
    public static func encode(_ envelopes: [Envelope]) -> [UInt8] { Envelope.encodeList(envelopes) }

    /// Decodes a Messages payload, wrapping envelope errors as a `WakuPacketError`.
    public static func decode(_ payload: [UInt8], code: WakuPacketCode = .messages) throws(WakuPacketError) -> [Envelope] {
        do { return try Envelope.decodeList(payload) } catch { throw .malformed(code: code, reason: error.description) }
    }
}

/// BatchAcknowledged (code 11): `batch-hash(32)` as an RLP string.
public enum BatchAcknowledged {
    public static func encode(batchHash: [UInt8]) -> [UInt8] { RLP.encode(.bytes(batchHash)) }

    public static func decode(_ payload: [UInt8]) throws(WakuPacketError) -> [UInt8] {
        guard let item = try? RLP.decode(payload), let hash = try? item.asBytes(count: 32) else {
            throw .malformed(code: .batchAcknowledged, reason: "expected a 32-byte batch hash")
        }
        return hash
    }
}
