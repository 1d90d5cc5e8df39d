import Kernel
import Primitives

/// One entry of a Peers answer: a node's devp2p identity and where to dial it.
///
/// The decoder only checks the shape (64-byte key, UTF-8 host, 16-bit port); `validated(index:)`
/// checks that the entry can actually be dialled, so tests can build hostile entries.
public struct PexPeerEntry: Equatable, Hashable, Sendable {
    /// `X‖Y` of the node's secp256k1 key (its enode id).
    public var publicKey: [UInt8]
    public var host: String
    public var port: UInt16

    public init(publicKey: [UInt8], host: String, port: UInt16) {
        self.publicKey = publicKey
        self.host = host
        self.port = port
    }

    /// Longest host accepted (a DNS name's limit).
    public static let maxHostLength = 253

    var item: RLPItem { [.bytes(publicKey), .string(host), .uint(UInt64(port))] }

    /// Throws `PexError.badEntry` unless the key is a valid secp256k1 point, the port is not 0 and
    /// the host is an IP address or name (letters, digits, `.`, `-`, `_`, `:`).
    public func validated(index: Int) throws(PexError) -> PexPeerEntry {
        guard (try? PublicKey(bytes: publicKey)) != nil else {
            throw .badEntry(index: index, reason: "the key is not a valid secp256k1 public key")
        }
        guard port != 0 else { throw .badEntry(index: index, reason: "port 0 cannot be dialled") }
        guard !host.isEmpty, host.utf8.count <= Self.maxHostLength else {
            throw .badEntry(index: index, reason: "the host must be 1…\(Self.maxHostLength) characters")
        }
        guard host.unicodeScalars.allSatisfy(Self.isHostCharacter) else {
            throw .badEntry(index: index, reason: "the host '\(host.prefix(40))' has characters no address has")
        }
        return self
    }

    private static func isHostCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", ".", "-", "_", ":": return true
        default: return false
        }
    }

    /// The address to dial over a transport with `scheme` (the scheme of the connection the answer
    /// arrived on; memory endpoints have no port).
    public func address(scheme: String) -> PeerAddress {
        // On libp2p the same key is named by its libp2p peer id.
        let id = scheme == "multiaddr" ? (try? PublicKey(bytes: publicKey)).map(PeerID.libp2p(secp256k1:)) ?? PeerID(publicKey) : PeerID(publicKey)
        return PeerAddress(scheme: scheme, peerID: id, host: host, port: scheme == "memory" ? 0 : port)
    }
}

/// `Peers [[pub64, host, port]…]`: the answer to GetPeers.
public struct PexPeers: Equatable, Sendable {
    public var entries: [PexPeerEntry]

    public init(entries: [PexPeerEntry]) { self.entries = entries }

    public func encoded() -> [UInt8] {
        RLP.encode(.list(entries.map(\.item)))
    }

    /// Decodes strict RLP: at most `PexCapability.maxLimit` entries, each `[64 bytes, UTF-8 string,
    /// uint ≤ 65535, …ignored]`.
    public init(decoding payload: [UInt8]) throws(PexError) {
        let items: [RLPItem]
        do {
            items = try RLP.decode(payload).asList()
        } catch {
            throw .malformed(.peers, reason: "\(error)")
        }
        guard items.count <= PexCapability.maxLimit else {
            throw .tooManyEntries(count: items.count, limit: PexCapability.maxLimit)
        }
        var entries: [PexPeerEntry] = []
        entries.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            do {
                entries.append(PexPeerEntry(publicKey: try item.element(0).asBytes(count: 64),
                                            host: try item.element(1).asString(),
                                            port: try item.element(2).asUInt(UInt16.self)))
            } catch {
                throw .malformed(.peers, reason: "entry \(index): \(error)")
            }
        }
        self.entries = entries
    }
}
