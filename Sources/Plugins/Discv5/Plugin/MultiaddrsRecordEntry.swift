import Kernel
import Libp2pCore
import Primitives

/// The node's libp2p listen addresses under the record's `multiaddrs` key (31/WAKU2-ENR, an EIP-778
/// extension): binary multiaddrs, each prefixed by its length as a big-endian 16-bit integer, concatenated;
/// no `/p2p/` part (the peer id follows from the record's `secp256k1`). Parley uses the key for the libp2p
/// transport because the record's `tcp` already names the devp2p (RLPx) listener.
public struct MultiaddrsRecordEntry: Sendable, Equatable {
    public static let key = "multiaddrs"
    public let addresses: [Multiaddr]

    public init(addresses: [Multiaddr]) {
        self.addresses = addresses.map(Self.withoutPeerID)
    }

    /// The `multiaddr` listen addresses among a node's transports (enode and memory ones are not libp2p).
    public init(listening: [PeerAddress]) {
        self.init(addresses: listening.filter { $0.scheme == "multiaddr" }.compactMap { try? Multiaddr(parsing: $0.description) })
    }

    public var encoded: [UInt8] {
        addresses.flatMap { address -> [UInt8] in
            let bytes = address.bytes
            return [UInt8(bytes.count >> 8), UInt8(bytes.count & 0xff)] + bytes
        }
    }

    /// The record value: nil when there is nothing to announce (the key is then left out).
    public var item: RLPItem? { addresses.isEmpty ? nil : .bytes(encoded) }

    /// Decodes a `multiaddrs` value.
    public init(decoding bytes: [UInt8]) throws(MultiaddrsEntryError) {
        var index = 0
        var addresses: [Multiaddr] = []
        while index < bytes.count {
            guard bytes.count - index >= 2 else { throw .truncatedLength(at: index) }
            let length = Int(bytes[index]) << 8 | Int(bytes[index + 1])
            index += 2
            guard length > 0 else { throw .emptyAddress(at: index - 2) }
            guard length <= bytes.count - index else { throw .truncatedAddress(at: index, claimed: length, left: bytes.count - index) }
            do {
                addresses.append(try Multiaddr(bytes: bytes[index..<index + length]))
            } catch {
                throw .badMultiaddr(at: index, reason: "\(error)")
            }
            index += length
        }
        self.addresses = addresses
    }

    /// The record's entry: nil when the key is absent; throws when it is present but malformed.
    public init?(record: NodeRecord) throws(MultiaddrsEntryError) {
        guard let item = record[Self.key] else { return nil }
        guard let bytes = try? item.asBytes() else { throw .notBytes }
        try self.init(decoding: bytes)
    }

    /// Dialable libp2p addresses of the record's node: each TCP multiaddr with the peer id from `secp256k1`.
    public static func dialable(_ record: NodeRecord) -> [PeerAddress] {
        guard let key = record.publicKey, let entry = try? MultiaddrsRecordEntry(record: record) else { return [] }
        return entry.addresses.compactMap { address in
            guard let (host, port) = address.tcpEndpoint, port != 0 else { return nil }
            return PeerAddress(scheme: "multiaddr", peerID: .libp2p(secp256k1: key), host: host, port: port)
        }
    }

    static func withoutPeerID(_ address: Multiaddr) -> Multiaddr {
        Multiaddr(address.components.filter { if case .p2p = $0 { return false } else { return true } })
    }
}

/// Why a record's `multiaddrs` value could not be read.
public enum MultiaddrsEntryError: Error, Equatable, Sendable, CustomStringConvertible {
    case notBytes
    case truncatedLength(at: Int)
    case emptyAddress(at: Int)
    case truncatedAddress(at: Int, claimed: Int, left: Int)
    case badMultiaddr(at: Int, reason: String)

    public var description: String {
        switch self {
        case .notBytes: "the record's 'multiaddrs' value must be a byte string, not a list"
        case .truncatedLength(let at): "'multiaddrs': a 2-byte length prefix is cut off at byte \(at)"
        case .emptyAddress(let at): "'multiaddrs': zero-length address at byte \(at)"
        case .truncatedAddress(let at, let claimed, let left):
            "'multiaddrs': the address at byte \(at) claims \(claimed) bytes but only \(left) are left"
        case .badMultiaddr(let at, let reason): "'multiaddrs': the address at byte \(at) is not a binary multiaddr (\(reason))"
        }
    }
}
