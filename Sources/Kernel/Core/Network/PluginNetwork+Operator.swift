/// What an operator-facing plugin (the `api` plugin) reads and changes on the network: the status
/// `ctl status` shows, and peers added or removed at runtime.
extension PluginNetwork {
    /// Peers, traffic per protocol and discovery source, listen addresses (as in `parley ctl status`).
    public func status() async -> NetworkStatus { await manager.status() }

    /// Keeps `address` connected from now on (see `ConnectionManager.addOperatorPeer`).
    public func addOperatorPeer(_ address: PeerAddress) async { await manager.addOperatorPeer(address) }

    /// Forgets and disconnects `address`; false when the node neither knew nor was connected to it.
    public func removePeer(_ address: PeerAddress) async -> Bool { await manager.removePeer(address) }
}
