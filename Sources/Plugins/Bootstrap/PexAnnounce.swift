import Primitives

/// `Announce [tcpPort uint, serving bool]`: how a node introduces itself on `pex/1`.
///
/// `tcpPort` is where the announcer accepts connections on the transport this connection uses
/// (0 = not dialable, do not hand me out); `serving` says whether it answers GetPeers.
public struct PexAnnounce: Equatable, Sendable {
    public var tcpPort: UInt16
    public var serving: Bool

    public init(tcpPort: UInt16, serving: Bool) {
        self.tcpPort = tcpPort
        self.serving = serving
    }

    /// Whether a directory may hand this node out.
    public var isDialable: Bool { tcpPort != 0 }

    public func encoded() -> [UInt8] {
        RLP.encode([.uint(UInt64(tcpPort)), .bool(serving)])
    }

    /// Decodes strict RLP; items after the second are ignored (forward compatibility).
    public init(decoding payload: [UInt8]) throws(PexError) {
        do {
            let item = try RLP.decode(payload)
            tcpPort = try item.element(0).asUInt(UInt16.self)
            serving = try item.element(1).asBool()
        } catch {
            throw .malformed(.announce, reason: "\(error)")
        }
    }
}

/// `GetPeers [limit uint]`: asks a serving node for up to `limit` (1…64) peers.
public struct PexGetPeers: Equatable, Sendable {
    public var limit: Int

    public init(limit: Int) { self.limit = limit }

    public func encoded() -> [UInt8] {
        RLP.encode([.uint(UInt64(max(0, limit)))])
    }

    /// Decodes strict RLP; a limit of 0 or above `PexCapability.maxLimit` is an error.
    public init(decoding payload: [UInt8]) throws(PexError) {
        let raw: UInt64
        do {
            raw = try RLP.decode(payload).element(0).asUInt64()
        } catch {
            throw .malformed(.getPeers, reason: "\(error)")
        }
        guard raw >= 1, raw <= UInt64(PexCapability.maxLimit) else { throw .limitOutOfRange(raw) }
        limit = Int(raw)
    }
}
