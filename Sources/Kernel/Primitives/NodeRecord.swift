/// An Ethereum Node Record (EIP-778, wire-facts §1.7): a signed, versioned set of key/value pairs that
/// tells peers how to reach a node (`ip`, `tcp`, `udp`) and which key it proves (`secp256k1`).
/// Rendezvous and discovery exchange these.
///
/// Decoding (`NodeRecord+Decoding.swift`) enforces the structural rules but does not reject a bad
/// signature unless asked — `verifySignature()` reports it. Building and signing live in
/// `NodeRecord+Building.swift`.
public struct NodeRecord: Sendable, Equatable {
    /// EIP-778's limit on the encoded record.
    public static let maxEncodedSize = 300

    /// Sequence number; bumped on every change.
    public let seq: UInt64
    /// Key/value pairs sorted bytewise by key, keys unique.
    public let pairs: [(key: String, value: RLPItem)]
    /// 64-byte `R ‖ S` over `keccak256(contentRLP)` ("v4" scheme).
    public let signature: [UInt8]

    /// Wraps already-validated parts.
    init(seq: UInt64, pairs: [(key: String, value: RLPItem)], signature: [UInt8]) {
        self.seq = seq
        self.pairs = pairs
        self.signature = signature
    }

    /// The value for `key`, if present.
    public subscript(key: String) -> RLPItem? {
        pairs.first { $0.key == key }?.value
    }

    /// `rlp([seq, k1, v1, …])`: the bytes the signature covers.
    public var contentRLP: [UInt8] {
        RLP.encode(.list(contentItems))
    }

    /// `rlp([signature, seq, k1, v1, …])`.
    public var rlpBytes: [UInt8] {
        RLP.encode(.list([.bytes(signature)] + contentItems))
    }

    /// `"enr:"` + unpadded base64url of `rlpBytes`.
    public var text: String { "enr:" + Base64URL.encode(rlpBytes) }

    /// The `id` value ("v4").
    public var identityScheme: String? { try? self["id"]?.asString() }

    /// The `secp256k1` key, if present and a valid compressed point.
    public var publicKey: PublicKey? {
        guard let bytes = try? self["secp256k1"]?.asBytes(), bytes.count == 33 else { return nil }
        return try? PublicKey(bytes: bytes)
    }

    /// `keccak256(pub64)` of the record's key.
    public var nodeID: [UInt8]? { publicKey?.nodeID }

    /// The 4-byte IPv4 address.
    public var ip: [UInt8]? { fixedBytes("ip", count: 4) }
    /// The 16-byte IPv6 address.
    public var ip6: [UInt8]? { fixedBytes("ip6", count: 16) }
    /// The IPv4 address as dotted decimal.
    public var ipString: String? { ip.map { $0.map(String.init).joined(separator: ".") } }

    /// TCP port (IPv4).
    public var tcp: UInt16? { port("tcp") }
    /// UDP port (IPv4).
    public var udp: UInt16? { port("udp") }
    /// TCP port (IPv6).
    public var tcp6: UInt16? { port("tcp6") }
    /// UDP port (IPv6).
    public var udp6: UInt16? { port("udp6") }

    /// Whether the record is "v4", carries a valid `secp256k1` key, and its signature verifies (low-S
    /// only, like go-ethereum).
    public func verifySignature() -> Bool {
        guard identityScheme == "v4", let key = publicKey else { return false }
        return key.verifyCompact(signature64: signature, digest: Keccak256.hash(contentRLP))
    }

    public static func == (lhs: NodeRecord, rhs: NodeRecord) -> Bool {
        lhs.seq == rhs.seq && lhs.signature == rhs.signature
            && lhs.pairs.count == rhs.pairs.count
            && zip(lhs.pairs, rhs.pairs).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    var contentItems: [RLPItem] {
        var items: [RLPItem] = [.uint(seq)]
        items.reserveCapacity(1 + 2 * pairs.count)
        for pair in pairs {
            items.append(.string(pair.key))
            items.append(pair.value)
        }
        return items
    }

    private func fixedBytes(_ key: String, count: Int) -> [UInt8]? {
        guard let bytes = try? self[key]?.asBytes(), bytes.count == count else { return nil }
        return bytes
    }

    private func port(_ key: String) -> UInt16? {
        try? self[key]?.asUInt(UInt16.self)
    }
}

extension NodeRecord: CustomStringConvertible {
    public var description: String { text }
}

/// Bytewise key order (EIP-778 sorts keys as byte strings, not by Unicode collation).
@inline(__always) func enrKeyPrecedes(_ a: String, _ b: String) -> Bool {
    a.utf8.lexicographicallyPrecedes(b.utf8)
}
