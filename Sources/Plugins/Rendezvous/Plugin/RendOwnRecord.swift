import Kernel
import Primitives

/// This node's record for REGISTER: `id, ip, secp256k1, tcp` signed with the node key (wire-facts §1.9),
/// where `tcp` is the listen port of the transport found records are dialled on. Built once the port is known.
actor RendOwnRecord {
    let key: PrivateKey
    let ip: String
    let tcpPort: Int?
    let dial: String
    let network: PluginNetwork
    private var built: NodeRecord?

    init(key: PrivateKey, ip: String, tcpPort: Int?, dial: String, network: PluginNetwork) {
        self.key = key
        self.ip = ip
        self.tcpPort = tcpPort
        self.dial = dial
        self.network = network
    }

    func current() async -> NodeRecord? {
        if let built { return built }
        var port = tcpPort.map(UInt16.init)
        if port == nil {
            port = await network.listenAddresses().first { $0.scheme == dial }?.port
        }
        guard let port, port != 0 else { return nil }
        let octets = ip.split(separator: ".").compactMap { UInt8($0) }
        built = try? NodeRecord.build(seq: 1, ip: octets, tcp: port, signingWith: key)
        return built
    }

    /// Where a found record is dialled: its `ip` and `tcp`, as a libp2p multiaddr or an enode.
    static func address(of record: NodeRecord, dial: String) -> PeerAddress? {
        guard let key = record.publicKey, let ip = record.ipString, let tcp = record.tcp, tcp != 0 else { return nil }
        return dial == "enode" ? PeerAddress(scheme: "enode", peerID: PeerID(publicKey: key), host: ip, port: tcp)
                               : PeerAddress(scheme: "multiaddr", peerID: .libp2p(secp256k1: key), host: ip, port: tcp)
    }
}
