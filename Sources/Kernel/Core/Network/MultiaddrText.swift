import Primitives

/// The dialable subset of libp2p multiaddrs the kernel reads from profiles and `static-peers`:
/// `/ip4|ip6|dns|dns4|dns6/<host>/tcp/<port>[/p2p/<base58 peer id>]` → a `multiaddr` `PeerAddress`
/// whose `PeerID` is the peer-id multihash. The full binary/text codec lives in Libp2pCore.
enum MultiaddrText {
    static func parse(_ text: String) throws -> PeerAddress {
        func fail(_ why: String) -> PeerAddressError { .malformed(text, reason: why) }
        guard text.utf8.count <= 1024 else { throw fail("longer than 1024 characters") }
        var parts = text.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if parts.last == "" { parts.removeLast() }
        // `/ipfs/` (old name) and `/ethv4/` (code 0x01EA, Status rendezvous servers) carry a peer id like `/p2p/`.
        if parts.count >= 2, ["ipfs", "ethv4"].contains(parts[parts.count - 2]) { parts[parts.count - 2] = "p2p" }
        guard parts.count == 4 || (parts.count == 6 && parts[4] == "p2p") else {
            throw fail("expected /ip4|ip6|dns|dns4|dns6/<host>/tcp/<port>[/p2p/<peer id>]")
        }
        guard ["ip4", "ip6", "dns", "dns4", "dns6"].contains(parts[0]), !parts[1].isEmpty else {
            throw fail("the first component must be ip4, ip6, dns, dns4 or dns6 with a host")
        }
        if parts[0] == "ip4" {
            let octets = parts[1].split(separator: ".", omittingEmptySubsequences: false)
            guard octets.count == 4, octets.allSatisfy({ UInt8($0) != nil }) else { throw fail("'\(parts[1])' is not an IPv4 address") }
        }
        if parts[0] == "ip6" && !parts[1].contains(":") { throw fail("'\(parts[1])' is not an IPv6 address") }
        guard parts[2] == "tcp", let port = UInt16(parts[3]), port != 0 else { throw fail("expected /tcp/<port 1…65535>") }
        var peer: PeerID?
        if parts.count == 6 {
            guard parts[5].utf8.count <= 128, let bytes = try? Base58.decode(parts[5]), bytes.count >= 2,
                  bytes[0] == 0x00 || (bytes[0] == 0x12 && bytes[1] == 0x20), Int(bytes[1]) == bytes.count - 2 else {
                throw fail("'\(parts[5])' is not a base58btc libp2p peer id")
            }
            peer = PeerID(bytes)
        }
        return PeerAddress(scheme: "multiaddr", peerID: peer, host: parts[1], port: port)
    }

    static func format(host: String, port: UInt16, peerID: PeerID?) -> String {
        let kind = host.contains(":") ? "ip6" : host.split(separator: ".").count == 4 && host.allSatisfy({ $0.isNumber || $0 == "." }) ? "ip4" : "dns"
        let peer = peerID.map { "/p2p/" + Base58.encode($0.bytes) } ?? ""
        return "/\(kind)/\(host)/tcp/\(port)\(peer)"
    }
}
