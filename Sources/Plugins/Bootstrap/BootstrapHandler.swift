import Kernel

/// The server side of `pex/1`: announces `serving = true`, lists the peer in the directory while it
/// is connected (if it announced a dialable port) and answers its GetPeers, rate-limited.
public struct BootstrapHandler: ProtocolHandler {
    public var protocolID: ProtocolID { PexCapability.id }
    public var messageCodeCount: UInt { PexCapability.messageCodeCount }
    public var maximumMessageSize: Int? { PexCapability.maxPacketBytes }
    let config: BootstrapConfig
    let directory: BootstrapDirectory
    let network: PluginNetwork
    let clock: any NodeClock

    public init(config: BootstrapConfig, directory: BootstrapDirectory, network: PluginNetwork, clock: any NodeClock) {
        self.config = config
        self.directory = directory
        self.network = network
        self.clock = clock
    }

    public func serve(_ stream: any ProtocolStream, peer: PeerSession) async throws {
        let channel = PexChannel(stream: stream, counter: nil)
        let session = await directory.openSession()
        do {
            try await converse(channel, peer: peer, session: session)
        } catch let error as PexError {
            await directory.closeSession(peer.peerID, session: session)
            await channel.punish(error, peer)
            throw error
        } catch {
            await directory.closeSession(peer.peerID, session: session)
            throw error
        }
        await directory.closeSession(peer.peerID, session: session)
    }

    private func converse(_ channel: PexChannel, peer: PeerSession, session: UInt64) async throws {
        let scheme = peer.address.scheme
        let ours = PexAnnounce(tcpPort: PexAddressing.announcedPort(scheme: scheme, listening: await network.listenAddresses()),
                               serving: true)
        guard let theirs = try await channel.handshake(ours, timeout: config.announceTimeout, clock: clock) else { return }
        await directory.update(peer.peerID, scheme: scheme, entry: PexAddressing.entry(for: peer, announce: theirs), session: session)
        var requests = RequestRateLimiter(perSecond: config.getPeersPerSecond)
        var reannounces = RequestRateLimiter(perSecond: 1)
        while let packet = try await channel.receive() {
            switch packet {
            case .announce(let again):
                guard reannounces.admit(at: clock.now()) else {
                    await channel.punish(.rateLimited(.announce, perSecond: reannounces.perSecond), peer)
                    continue
                }
                await directory.update(peer.peerID, scheme: scheme, entry: PexAddressing.entry(for: peer, announce: again),
                                       session: session)
                try await channel.send(.announce(ours))  // a re-announce (the peer's plugin restarted) wants ours again
            case .getPeers(let request):
                guard requests.admit(at: clock.now()) else {
                    await channel.punish(.rateLimited(.getPeers, perSecond: config.getPeersPerSecond), peer)
                    continue
                }
                let entries = await directory.answer(limit: min(request.limit, config.maxPeersPerAnswer), scheme: scheme,
                                                     excluding: peer.peerID)
                try await channel.send(.peers(PexPeers(entries: entries)))
            case .peers:
                throw PexError.unsolicitedPeers  // a server never asks
            }
        }
    }
}
