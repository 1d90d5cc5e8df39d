import Primitives
import WakuCore

extension MessageResponse {
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

/// The Messages / P2PMessage payload codec (wire-facts §2.1): `[envelope…]` via WakuCore.
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
