import Foundation
import Logging

extension ConnectionManager {
    /// Keeps peer counts up until cancelled: redials persistent peers whose backoff expired, and pulls
    /// candidates from discovery only while there are free slots below the target.
    ///
    /// While the node has all the peers it wants (target met, every persistent peer connected) the
    /// passes back off — 2, 4 … 32 × `maintenanceInterval` — so an idle node costs next to nothing; a
    /// lost peer, a new discovery source or the end of an apply wakes it at once.
    public func run() async {
        var idleRounds = 0
        while !Task.isCancelled {
            await maintain()
            idleRounds = wantsNothing ? Swift.min(idleRounds + 1, 5) : 0
            let delay = maintenanceInterval * (1 << idleRounds)
            await withTaskGroup(of: Void.self) { group in
                group.addTask { [clock] in try? await clock.sleep(for: delay) }
                group.addTask { [wake] in _ = await wake.next() }
                await group.next()
                group.cancelAll()
            }
        }
    }

    /// Whether a maintenance pass would find nothing to do: the target is met and every persistent
    /// peer is connected or being dialled.
    var wantsNothing: Bool {
        freeDialSlots <= 0
            && !peerBook.allEntries.contains { $0.persistent && !isConnectedOrDialing($0.address) }
    }

    /// Peers this node still wants to dial: `target` minus the connections it chose (its own dials and
    /// static peers, whichever side opened them) and the dials in flight. Inbound peers do not count: a
    /// full node whose target were met by light nodes dialling in would stop dialling other relays, and
    /// the relay mesh would fall apart (geth keeps dialled and inbound slots apart for the same reason).
    var freeDialSlots: Int {
        let chosen = connections.values.count { $0.connection.direction == .outbound || $0.persistent }
        return limits.target - chosen - pendingDials.count
    }

    /// One maintenance pass (exposed for tests and simulations that drive time themselves).
    public func maintain() async {
        guard !dialingPaused else { return }
        let now = clock.now()
        for entry in peerBook.allEntries where entry.persistent && !isConnectedOrDialing(entry.address)
            && peerBook.canDial(entry.address, at: now) {
            dial(entry.address)
        }
        var free = freeDialSlots
        guard free > 0, !sourceOrder.isEmpty else { return }
        for _ in 0..<sourceOrder.count where free > 0 {
            let name = sourceOrder[nextSource % sourceOrder.count]
            nextSource &+= 1
            guard let source = sources[name]?.value else { continue }
            let records: [PeerRecord]
            do {
                records = try await source.nextPeers(limit: free)
            } catch {
                logger.warning("discovery source failed", metadata: ["source": "\(name)", "error": "\(error)"])
                continue
            }
            for record in records {
                peerBook.add(record)
                guard freeDialSlots > 0 || record.persistent else { break }
                if !isConnectedOrDialing(record.address) && peerBook.canDial(record.address, at: clock.now()) {
                    dial(record.address)
                }
            }
            free = freeDialSlots
        }
    }

    func isConnectedOrDialing(_ address: PeerAddress) -> Bool {
        if pendingDials[address] != nil { return true }
        if let id = address.peerID, connections[id] != nil { return true }
        if let id = address.peerID, id == localPeer { return true }
        return connections.values.contains { $0.address == address }
    }

    func dial(_ address: PeerAddress) {
        guard let transport = transports.values.first(where: { $0.value.schemes.contains(address.scheme) }) else {
            peerBook.recordDialFailure(address, reason: NetworkError.noTransport(scheme: address.scheme).description,
                                       at: clock.now())
            return
        }
        let offers = localProtocols()
        logger.debug("dialing", metadata: ["address": "\(address)", "transport": "\(transport.value.name)"])
        pendingDials[address] = Task { [weak self] in
            let result: Result<any SecureConnection, any Error>
            do {
                result = .success(try await transport.value.dial(address, offering: offers))
            } catch {
                result = .failure(error)
            }
            await self?.dialFinished(address, owner: transport.owner, result: result)
        }
    }

    func dialFinished(_ address: PeerAddress, owner: String, result: Result<any SecureConnection, any Error>) async {
        pendingDials[address] = nil
        switch result {
        case .failure(let error):
            logger.info("dial failed", metadata: ["address": "\(address)", "error": "\(error)"])
            peerBook.recordDialFailure(address, reason: "\(error)", at: clock.now())
        case .success(let connection):
            if let expected = address.peerID, expected != connection.remotePeer {
                await connection.close(.unexpectedIdentity)
                peerBook.recordDialFailure(address, reason: NetworkError.identityMismatch(
                    expected: expected, got: connection.remotePeer).description, at: clock.now())
                return
            }
            let persistent = peerBook.entry(for: address)?.persistent ?? false
            let admitted = await admit(connection, persistent: persistent, dialedAddress: address, owner: owner)
            if !admitted {
                peerBook.recordDialFailure(address, reason: "refused locally", at: clock.now())
            }
        }
    }

    /// Closes every connection and abandons pending dials (node shutdown).
    public func shutdown() async {
        for task in pendingDials.values { task.cancel() }
        pendingDials.removeAll()
        for live in connections.values { await live.connection.close(.clientQuitting) }
        for live in connections.values {
            for task in live.serving.values { task.cancel() }
            live.pump?.cancel()
        }
    }

    public func status() async -> NetworkStatus {
        var addresses: [String] = []
        var ports: [String: UInt16] = [:]
        for (name, transport) in transports.sorted(by: { $0.key < $1.key }) {
            let listening = await transport.value.listenAddresses()
            addresses += listening.map(\.description)
            if let first = listening.first { ports[name] = first.port }
        }
        return NetworkStatus(
            localPeer: localPeer.hex, target: limits.target, max: limits.max,
            peers: connections.values.map { live in
                NetworkStatus.Peer(id: live.connection.remotePeer.hex, address: live.address.description,
                                   direction: live.connection.direction, transport: live.connection.transportName,
                                   protocols: live.connection.protocols.map(\.description), traffic: live.traffic.snapshot)
            }.sorted { $0.id < $1.id },
            knownPeers: peerBook.count, dialing: pendingDials.count,
            sourceTraffic: sourceTraffic.mapValues(\.snapshot),
            protocolTraffic: Dictionary(uniqueKeysWithValues: protocolTraffic.map { ($0.key.description, $0.value.snapshot) }),
            transports: transports.keys.sorted(),
            listenAddresses: addresses, listenPorts: ports,
            handlers: handlers.keys.map(\.description).sorted(),
            discoverySources: sourceOrder)
    }

    /// The peer book entry for a peer, for tests and status.
    public func bookEntry(for address: PeerAddress) -> PeerBookEntry? { peerBook.entry(for: address) }
}
