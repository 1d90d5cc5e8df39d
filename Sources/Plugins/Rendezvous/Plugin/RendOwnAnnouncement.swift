import Kernel

/// What this node registers at a rendezvous point (an ENR for `/rend/0.1.0`, a peer record for
/// `/rendezvous/1.0.0`), built once the TCP port it announces is known — `tcp-port` from the profile, else the
/// listen port of the transport found peers dial — and kept. One actor for both flavours; each supplies `build`.
actor RendOwnAnnouncement<Value: Sendable> {
    let tcpPort: Int?
    let scheme: String
    let network: PluginNetwork
    let build: @Sendable (UInt16) -> Value?
    private var built: Value?

    init(tcpPort: Int?, scheme: String, network: PluginNetwork, build: @escaping @Sendable (UInt16) -> Value?) {
        self.tcpPort = tcpPort
        self.scheme = scheme
        self.network = network
        self.build = build
    }

    func current() async -> Value? {
        if let built { return built }
        var port = tcpPort.map(UInt16.init)
        if port == nil { port = await network.listenAddresses().first { $0.scheme == scheme }?.port }
        guard let port, port != 0 else { return nil }
        built = build(port)
        return built
    }
}
