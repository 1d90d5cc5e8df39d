import Libp2pCore

extension FuzzTarget {
    /// libp2p identity and addressing (Sources/Plugins/Libp2pCore). The first byte (mod 5) picks what the
    /// rest is: 0 — an identify record (`IdentifyMessage(decoding:)`, its key checked against a fixed peer id);
    /// 1 — a binary multiaddr; 2 — a text multiaddr; 3 — a peer id, as text (base58btc, CIDv1 base32/base58)
    /// and as a binary multihash; 4 — a `PublicKey` and a `PrivateKey` protobuf. Whatever decodes is
    /// re-encoded and must decode to the same value (text forms only when the re-parse succeeds: text and
    /// binary limits differ).
    public static let libp2pIdentify = FuzzTarget(
        name: "libp2p-identify",
        summary: "IdentifyMessage, Multiaddr bytes/text, Libp2pPeerID text/bytes, Libp2pPublicKey/IdentityKey protobufs; round trips",
        run: { input in
            guard let mode = input.first else { return }
            let rest = Array(input.dropFirst())
            switch mode % 5 {
            case 0: IdentifyFuzz.identify(rest)
            case 1: if let address = try? Multiaddr(bytes: rest) { IdentifyFuzz.check(address) }
            case 2: if let address = try? Multiaddr(parsing: String(decoding: rest, as: UTF8.self)) { IdentifyFuzz.check(address) }
            case 3: IdentifyFuzz.peerID(rest)
            default: IdentifyFuzz.keys(rest)
            }
        },
        seeds: {
            let key = IdentifyFuzz.identity.publicKey
            let peer = IdentifyFuzz.identity.peerID
            let addresses = [
                "/ip4/127.0.0.1/tcp/60000/p2p/" + peer.base58,
                "/ip6/::1/tcp/4001",
                "/dns4/node.example.org/tcp/443",
                "/ip4/10.0.0.1/udp/30303/ethv4/" + peer.base58,
            ].compactMap { try? Multiaddr(parsing: $0) }
            let identify = IdentifyMessage(publicKey: key.protobuf, listenAddrs: addresses, protocols: ["/ipfs/id/1.0.0", "/meshsub/1.1.0"],
                                           observedAddr: addresses.first, agentVersion: "parley-fuzz")
            return [
                [0] + identify.bytes,
                [1] + (addresses.first?.bytes ?? []),
                [1] + (addresses.last?.bytes ?? []),
                [2] + Array((addresses.first?.description ?? "/ip4/1.2.3.4/tcp/1").utf8),
                [2] + Array("/ip6/2001:db8::1/udp/9000/dns6/x.org/tcp/1".utf8),
                [3] + Array(peer.base58.utf8),
                [3] + Array(peer.cid.utf8),
                [3] + Array("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA".utf8),
                [4] + key.protobuf,
                [4] + IdentifyFuzz.identity.protobuf,
            ]
        })
}

/// Checks of the `libp2p-identify` target.
enum IdentifyFuzz {
    static let identity = Libp2pIdentityKey.secp256k1(FuzzFixtures.keyA)

    static func identify(_ bytes: [UInt8]) {
        guard let message = try? IdentifyMessage(decoding: bytes) else { return }
        precondition((try? IdentifyMessage(decoding: message.bytes)) == message, "identify: record does not survive encode → decode")
        _ = try? message.verifiedKey(for: identity.peerID)
        for address in message.listenAddrs + [message.observedAddr].compactMap({ $0 }) { check(address) }
    }

    static func check(_ address: Multiaddr) {
        precondition((try? Multiaddr(bytes: address.bytes)) == address, "multiaddr: \(address) does not survive bytes → decode")
        if let reparsed = try? Multiaddr(parsing: address.description) {
            precondition(reparsed == address, "multiaddr: \(address) parses back as \(reparsed)")
        }
        _ = (address.peerID, address.tcpEndpoint, address.with(peerID: identity.peerID).bytes)
    }

    static func peerID(_ bytes: [UInt8]) {
        for candidate in [try? Libp2pPeerID(parsing: String(decoding: bytes, as: UTF8.self)), try? Libp2pPeerID(bytes: bytes)] {
            guard let id = candidate else { continue }
            for text in [id.base58, id.cid] {
                if let again = try? Libp2pPeerID(parsing: text) { precondition(again == id, "peer id: \(text) parses as another id") }
            }
            precondition((try? Libp2pPeerID(bytes: id.bytes)) == id, "peer id: multihash does not survive encode → decode")
            if let key = try? id.inlinedPublicKey() { _ = id.matches(key) }
        }
    }

    static func keys(_ bytes: [UInt8]) {
        if let key = try? Libp2pPublicKey(protobuf: bytes) {
            precondition((try? Libp2pPublicKey(protobuf: key.protobuf)) == key, "libp2p key: protobuf does not round-trip")
            _ = key.verify(signature: Array(bytes.suffix(64)), message: bytes)
            _ = Libp2pPeerID(publicKey: key).cid
        }
        if let identity = try? Libp2pIdentityKey(protobuf: bytes) {
            precondition((try? Libp2pIdentityKey(protobuf: identity.protobuf))?.publicKey == identity.publicKey,
                         "libp2p private key: protobuf does not round-trip")
        }
    }
}
