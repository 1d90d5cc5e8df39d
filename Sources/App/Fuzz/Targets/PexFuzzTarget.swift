import Bootstrap
import Kernel

extension FuzzTarget {
    /// `pex/1` packets (Sources/Plugins/Bootstrap): the first byte is the message code (mod 4, so unknown
    /// codes are tried too), the rest the payload; a Peers answer's entries are validated and turned into
    /// addresses as the `bootstrap-peers` source does.
    public static let pex = FuzzTarget(
        name: "pex",
        summary: "PexPacket(decoding: FramedMessage(code: input[0] % 4, payload: rest)); PexPeerEntry.validated + address",
        run: { input in
            guard let first = input.first else { return }
            let message = FramedMessage(code: UInt64(first % 4), payload: Array(input.dropFirst()))
            guard let packet = try? PexPacket(decoding: message) else { return }
            if case .peers(let peers) = packet {
                for (index, entry) in peers.entries.enumerated() {
                    if let valid = try? entry.validated(index: index) { _ = valid.address(scheme: "enode") }
                }
            }
            _ = packet.framed
        },
        seeds: {
            let peers = PexPeers(entries: [
                PexPeerEntry(publicKey: FuzzFixtures.keyA.publicKey.raw64, host: "127.0.0.1", port: 30303),
                PexPeerEntry(publicKey: FuzzFixtures.keyB.publicKey.raw64, host: "::1", port: 30304),
                PexPeerEntry(publicKey: FuzzFixtures.keyB.publicKey.raw64, host: "node.example.org", port: 1),
            ])
            return [
                [0] + PexAnnounce(tcpPort: 30303, serving: true).encoded(),
                [1] + PexGetPeers(limit: 16).encoded(),
                [2] + peers.encoded(),
            ]
        })
}
