import Foundation
import Kernel
import Primitives

/// The plugin's timer loop on the node clock: re-announces our record once, then each tick keeps the
/// record's libp2p addresses current (seq bump + re-announce when they change), revalidates one table
/// entry, and — only while the connection manager wants peers and the budget allows — runs a lookup and
/// offers the matching records. Persists the table every few minutes.
struct Discv5DiscoveryLoop: Sendable {
    let config: Discv5Config
    let service: Discv5Service
    let source: Discv5DiscoverySource
    let database: NodeDatabase
    let clock: any NodeClock
    /// The node's listen addresses (all transports): libp2p ones go into the record, and they tell whether
    /// this node can dial a record's libp2p address.
    var listening: @Sendable () async -> [PeerAddress] = { [] }

    var tick: Duration {
        config.lookupsPerMinute > 0 ? .milliseconds(Int64(60_000 / config.lookupsPerMinute)) : .seconds(10)
    }

    func run() async {
        var budget = DiscoveryBudget(lookupsPerMinute: config.lookupsPerMinute, bytesPerMinute: config.bytesPerMinute)
        var lastRevalidation = clock.now()
        var lastSave = clock.now()
        var announced = await announcedAddresses()
        // Re-announce: contacting known nodes hands them our current record (handshake carries it when their seq is older).
        if !config.serveOnly { await lookupIfAllowed(&budget, force: true) }
        while !Task.isCancelled {
            do { try await clock.sleep(for: tick) } catch { return }
            let now = clock.now()
            await keepAddressesCurrent(&announced)
            if now.timeIntervalSince(lastRevalidation) >= config.revalidateSeconds {
                lastRevalidation = now
                await service.revalidate()
            }
            if !config.serveOnly && source.wantsPeers(within: 3 * tick.secondsValue) {
                await lookupIfAllowed(&budget, force: false)
            }
            if now.timeIntervalSince(lastSave) >= 300 {
                lastSave = now
                try? database.save(await service.table.entries, now: now)
            }
        }
    }

    /// The libp2p addresses our record carries now.
    private func announcedAddresses() async -> MultiaddrsRecordEntry {
        ((try? MultiaddrsRecordEntry(record: await service.localRecord)) ?? nil) ?? MultiaddrsRecordEntry(addresses: [])
    }

    /// When the libp2p transport started, stopped or moved: a new record (seq + 1), stored, and re-announced.
    /// A record that would exceed 300 bytes is not tried again until the addresses change once more.
    private func keepAddressesCurrent(_ announced: inout MultiaddrsRecordEntry) async {
        let current = MultiaddrsRecordEntry(listening: await listening())
        guard current != announced else { return }
        announced = current
        do {
            try await service.updateRecord([MultiaddrsRecordEntry.key: current.item])
        } catch {
            return
        }
        try? database.saveLocalRecord(await service.localRecord)
        await service.announce()
    }

    private func lookupIfAllowed(_ budget: inout DiscoveryBudget, force: Bool) async {
        let traffic = service.traffic.snapshot
        guard budget.allowsLookup(now: clock.now(), totalBytes: traffic.bytesIn + traffic.bytesOut) else { return }
        budget.noteLookup(now: clock.now())
        let found = force ? await service.lookup(service.localID) : await service.randomLookup()
        let candidates = found + (await service.knownRecords)
        let dialsLibp2p = await listening().contains { $0.scheme == "multiaddr" }
        source.offer(candidates.compactMap { address(for: $0, dialsLibp2p: dialsLibp2p) })
    }

    /// A dialable address for a record that matches the profile's filter: its libp2p address (`multiaddrs`)
    /// when this node runs libp2p and the record has one, else the enode from IPv4 `ip` + `tcp`.
    func address(for record: NodeRecord, dialsLibp2p: Bool = false) -> PeerAddress? {
        guard WakuRecordEntry.matches(record, role: config.requireRole, capabilities: config.requireCapabilities),
              let key = record.publicKey else { return nil }
        if dialsLibp2p, let libp2p = MultiaddrsRecordEntry.dialable(record).first { return libp2p }
        guard let ip = record.ipString, let tcp = record.tcp, tcp != 0 else { return nil }
        return PeerAddress(scheme: "enode", peerID: PeerID(publicKey: key), host: ip, port: tcp)
    }
}

extension Duration {
    var secondsValue: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
