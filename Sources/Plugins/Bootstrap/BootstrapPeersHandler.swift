import Kernel

/// The client side of `pex/1`: announces this node (`serving = false`), and while a peer that
/// announced `serving = true` is connected asks it for peers — right away, then every
/// `refresh-seconds` — feeding valid answers to the `BootstrapPeersSource`.
public struct BootstrapPeersHandler: ProtocolHandler {
    public var protocolID: ProtocolID { PexCapability.id }
    public var messageCodeCount: UInt { PexCapability.messageCodeCount }
    public var maximumMessageSize: Int? { PexCapability.maxPacketBytes }
    let config: BootstrapPeersConfig
    let source: BootstrapPeersSource
    let network: PluginNetwork
    let clock: any NodeClock
    let counter: TrafficCounter

    public init(config: BootstrapPeersConfig, source: BootstrapPeersSource, network: PluginNetwork, clock: any NodeClock,
                counter: TrafficCounter) {
        self.config = config
        self.source = source
        self.network = network
        self.clock = clock
        self.counter = counter
    }

    public func serve(_ stream: any ProtocolStream, peer: PeerSession) async throws {
        let channel = PexChannel(stream: stream, counter: counter)
        let session = PexClientSession()
        do {
            try await converse(channel, peer: peer, session: session)
        } catch let error as PexError {
            if await session.serving { source.setServing(peer.peerID, false) }
            await channel.punish(error, peer)
            throw error
        } catch {
            if await session.serving { source.setServing(peer.peerID, false) }
            throw error
        }
        if await session.serving { source.setServing(peer.peerID, false) }
    }

    private func converse(_ channel: PexChannel, peer: PeerSession, session: PexClientSession) async throws {
        let port = config.announce
            ? PexAddressing.announcedPort(scheme: peer.address.scheme, listening: await network.listenAddresses()) : 0
        let ours = PexAnnounce(tcpPort: port, serving: false)
        guard let theirs = try await channel.handshake(ours, timeout: config.announceTimeout, clock: clock) else { return }
        if await session.setServing(theirs.serving) { source.setServing(peer.peerID, theirs.serving) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await refresh(channel, session: session) }
            group.addTask { try await read(channel, peer: peer, session: session, ours: ours) }
            defer { group.cancelAll() }
            try await group.next()   // the read loop ends with the stream; either failing ends both
        }
    }

    /// Asks the peer for peers now and every `refresh` while it announces that it serves.
    private func refresh(_ channel: PexChannel, session: PexClientSession) async throws {
        let limit = config.peersPerRequest
        while !Task.isCancelled {
            if await session.serving {
                await session.expectAnswer(limit: limit)
                try await channel.send(.getPeers(PexGetPeers(limit: limit)))
            }
            try await clock.sleep(for: config.refresh)
        }
    }

    private func read(_ channel: PexChannel, peer: PeerSession, session: PexClientSession, ours: PexAnnounce) async throws {
        var reannounces = RequestRateLimiter(perSecond: 1)
        while let packet = try await channel.receive() {
            switch packet {
            case .announce(let again):
                guard reannounces.admit(at: clock.now()) else {
                    await channel.punish(.rateLimited(.announce, perSecond: reannounces.perSecond), peer)
                    continue
                }
                if await session.setServing(again.serving) { source.setServing(peer.peerID, again.serving) }
                try await channel.send(.announce(ours))  // a re-announce (the peer's plugin restarted) wants ours again
            case .getPeers:
                await channel.punish(.requestToNonServingNode, peer)
            case .peers(let answer):
                guard let limit = await session.takeOutstanding() else { throw PexError.unsolicitedPeers }
                guard answer.entries.count <= limit else { throw PexError.tooManyEntries(count: answer.entries.count, limit: limit) }
                var addresses: [PeerAddress] = []
                for (index, entry) in answer.entries.enumerated() {
                    addresses.append(try entry.validated(index: index).address(scheme: peer.address.scheme))
                }
                source.learn(addresses)
            }
        }
    }
}

/// What one client session knows about its peer: whether it serves, and the limit of the GetPeers
/// awaiting an answer.
actor PexClientSession {
    private(set) var serving = false
    private var outstanding: Int?

    /// Records the peer's `serving` flag; returns whether it changed.
    func setServing(_ value: Bool) -> Bool {
        defer { serving = value }
        return serving != value
    }

    func expectAnswer(limit: Int) { outstanding = limit }

    func takeOutstanding() -> Int? {
        defer { outstanding = nil }
        return outstanding
    }
}
