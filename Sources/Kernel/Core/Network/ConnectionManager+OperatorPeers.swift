/// Peers an operator adds and removes at runtime (`parley ctl peers add|remove`, the API's
/// `admin_addPeer` / `admin_removePeer`), beside the peers discovery finds.
extension ConnectionManager {
    /// The peer-book source operator-added peers are counted under.
    public static let operatorSource = "operator"

    /// Keeps `address` connected (persistent, redialled with backoff) and wakes the dial loop at once.
    public func addOperatorPeer(_ address: PeerAddress) {
        peerBook.add(PeerRecord(address: address, source: Self.operatorSource, persistent: true))
        wake.push(())
    }

    /// Forgets `address` and disconnects the peer behind it (matched by address, else by its identity).
    /// Returns false when the node neither knew nor was connected to it.
    @discardableResult
    public func removePeer(_ address: PeerAddress) async -> Bool {
        let forgotten = peerBook.remove(address)
        pendingDials.removeValue(forKey: address)?.cancel()
        let live = connections.values.first { $0.address == address }
            ?? address.peerID.flatMap { connections[$0] }
        guard let live else { return forgotten }
        let reason = DisconnectReason.requested.with(detail: "removed by the operator")
        await live.connection.close(reason)
        connectionEnded(live, reason: reason)
        return true
    }
}
