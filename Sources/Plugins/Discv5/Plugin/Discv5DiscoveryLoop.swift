import Foundation
import Kernel
import Primitives

/// The plugin's timer loop on the node clock: re-announces our record once, then each tick revalidates
/// one table entry, and — only while the connection manager wants peers and the budget allows — runs a
/// lookup and offers the matching records. Persists the table every few minutes.
struct Discv5DiscoveryLoop: Sendable {
    let config: Discv5Config
    let service: Discv5Service
    let source: Discv5DiscoverySource
    let database: NodeDatabase
    let clock: any NodeClock

    var tick: Duration {
        config.lookupsPerMinute > 0 ? .milliseconds(Int64(60_000 / config.lookupsPerMinute)) : .seconds(10)
    }

    func run() async {
        var budget = DiscoveryBudget(lookupsPerMinute: config.lookupsPerMinute, bytesPerMinute: config.bytesPerMinute)
        var lastRevalidation = clock.now()
        var lastSave = clock.now()
        // Re-announce: contacting known nodes hands them our current record (handshake carries it when their seq is older).
        if !config.serveOnly { await lookupIfAllowed(&budget, force: true) }
        while !Task.isCancelled {
            do { try await clock.sleep(for: tick) } catch { return }
            let now = clock.now()
            if now.timeIntervalSince(lastRevalidation) >= config.revalidateSeconds {
                lastRevalidation = now
                await service.revalidate()
            }
            if !config.serveOnly && source.wantsPeers(within: 3 * tick.secondsValue) {
                await lookupIfAllowed(&budget, force: false)
            }
            if now.timeIntervalSince(lastSave) >= 300 {
                lastSave = now
                try? database.save(await service.table.entries)
            }
        }
    }

    private func lookupIfAllowed(_ budget: inout DiscoveryBudget, force: Bool) async {
        let traffic = service.traffic.snapshot
        guard budget.allowsLookup(now: clock.now(), totalBytes: traffic.bytesIn + traffic.bytesOut) else { return }
        budget.noteLookup(now: clock.now())
        let found = force ? await service.lookup(service.localID) : await service.randomLookup()
        let candidates = found + (await service.knownRecords)
        source.offer(candidates.compactMap(address(for:)))
    }

    /// A dialable address for a record that matches the profile's filter (IPv4 `ip` + `tcp`).
    func address(for record: NodeRecord) -> PeerAddress? {
        guard WakuRecordEntry.matches(record, role: config.requireRole, capabilities: config.requireCapabilities),
              let key = record.publicKey, let ip = record.ipString, let tcp = record.tcp, tcp != 0 else { return nil }
        return PeerAddress(scheme: "enode", peerID: PeerID(publicKey: key), host: ip, port: tcp)
    }
}

extension Duration {
    var secondsValue: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
