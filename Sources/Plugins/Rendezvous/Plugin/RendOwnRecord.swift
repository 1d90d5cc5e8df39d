import Kernel
import Primitives

/// This node's record for `/rend/0.1.0` REGISTER: `id, ip, secp256k1, tcp` signed with the node key
/// (wire-facts §1.9), where `tcp` is the listen port of the transport found records are dialled on.
enum RendOwnRecord {
    static func announcement(key: PrivateKey, ip: String, tcpPort: Int?, dial: String, network: PluginNetwork) -> RendOwnAnnouncement<NodeRecord> {
        let octets = ip.split(separator: ".").compactMap { UInt8($0) }
        return RendOwnAnnouncement(tcpPort: tcpPort, scheme: dial, network: network) { port in
            try? NodeRecord.build(seq: 1, ip: octets, tcp: port, signingWith: key)
        }
    }

    /// Where a found record is dialled: its `ip` and `tcp`, as a libp2p multiaddr or an enode.
    static func address(of record: NodeRecord, dial: String) -> PeerAddress? {
        guard let key = record.publicKey, let ip = record.ipString, let tcp = record.tcp, tcp != 0 else { return nil }
        return dial == "enode" ? PeerAddress(scheme: "enode", peerID: PeerID(publicKey: key), host: ip, port: tcp)
                               : PeerAddress(scheme: "multiaddr", peerID: .libp2p(secp256k1: key), host: ip, port: tcp)
    }
}
