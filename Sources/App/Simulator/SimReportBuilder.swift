import Foundation
import Kernel

/// Turns what a run observed into a `SimReport`. Everything is iterated in node, message or sorted-key
/// order and rounded, so the report is the same bytes for the same seed.
struct SimReportBuilder {
    let runner: SimRunner
    let trafficEnd: Double

    func build() -> SimReport {
        let scenario = runner.scenario, nodes = runner.nodes, messages = runner.messages
        let minutes = max(1e-9, runner.now / 60)
        var latencies: [Double] = []
        var delivered = 0, eligibleTotal = 0, minimumRatio = 1.0
        var receiversTimesPayload = 0.0
        var groupDelivered = [Int](repeating: 0, count: scenario.groups.count)
        var groupEligible = [Int](repeating: 0, count: scenario.groups.count)
        let bucketWidth = max(1.0, (Double(scenario.durationSeconds) / 30).rounded())
        let bucketCount = Int((Double(scenario.durationSeconds) / bucketWidth).rounded(.up))
        var bucketDelivered = [Int](repeating: 0, count: bucketCount), bucketEligible = [Int](repeating: 0, count: bucketCount)
        var bucketMessages = [Int](repeating: 0, count: bucketCount)
        for message in messages {
            let arrivals = runner.observations.arrivals(of: message.id)
            var got = 0
            for receiver in message.eligible {
                groupEligible[nodes[receiver].group] += 1
                guard let arrival = arrivals[receiver], !arrival.fromHistory else { continue }
                got += 1
                groupDelivered[nodes[receiver].group] += 1
                latencies.append(((arrival.time - message.sentAt) * 1000 * 1000).rounded() / 1000)
            }
            delivered += got
            eligibleTotal += message.eligible.count
            receiversTimesPayload += Double(message.size * got)
            if !message.eligible.isEmpty { minimumRatio = min(minimumRatio, Double(got) / Double(message.eligible.count)) }
            let bucket = min(bucketCount - 1, max(0, Int((message.sentAt - Double(scenario.warmUpSeconds)) / bucketWidth)))
            if bucketCount > 0 {
                bucketDelivered[bucket] += got
                bucketEligible[bucket] += message.eligible.count
                bucketMessages[bucket] += 1
            }
        }
        latencies.sort()
        var buckets: [SimReport.Bucket] = []
        for b in 0..<bucketCount {
            let start = Double(scenario.warmUpSeconds) + Double(b) * bucketWidth
            let online = nodes.filter { node in wasOnline(node, at: start + bucketWidth / 2) }.count
            buckets.append(.init(start: start, messages: bucketMessages[b],
                                 deliveryRatio: round(bucketEligible[b] == 0 ? 1 : Double(bucketDelivered[b]) / Double(bucketEligible[b])),
                                 onlineNodes: online))
        }

        // Store coverage: of the messages sent to a node's chats while it was away, how many it has now.
        var covered = 0, missedTotal = 0, returning = 0
        for node in nodes where !node.absences.isEmpty {
            returning += 1
            for absence in node.absences {
                for message in messages where message.sentAt >= absence.from && message.sentAt < absence.to
                    && runner.chats[message.chat].subscriberGroups.contains(node.group) && message.sender != node.index {
                    missedTotal += 1
                    if runner.observations.arrivals(of: message.id)[node.index] != nil { covered += 1 }
                }
            }
        }

        var wakuOut = 0.0
        for node in nodes {
            for (key, traffic) in node.protocolTraffic where key.hasPrefix("waku") { wakuOut += Double(traffic.bytesOut) }
        }
        let groups = scenario.groups.enumerated().map { g, spec -> SimReport.Group in
            let members = nodes.filter { $0.group == g }
            let count = Double(max(1, members.count))
            func sum(_ pick: (SimNode) -> [String: TrafficSnapshot]) -> [String: SimReport.Bytes] {
                var totals: [String: (Double, Double)] = [:]
                for node in members {
                    for (key, traffic) in pick(node) {
                        totals[key, default: (0, 0)].0 += Double(traffic.bytesIn)
                        totals[key, default: (0, 0)].1 += Double(traffic.bytesOut)
                    }
                }
                return totals.mapValues { .init(bytesIn: round($0.0 / count / minutes), bytesOut: round($0.1 / count / minutes)) }
            }
            let byProtocol = sum(\.protocolTraffic)
            let times = members.compactMap(\.reachedTargetAt).sorted()
            return SimReport.Group(
                name: spec.name, profile: spec.profile, discovery: spec.discovery, relay: spec.relay ?? "(profile)",
                nodes: members.count, perMinuteByProtocol: byProtocol, perMinuteBySource: sum(\.sourceTraffic),
                perMinuteTotal: .init(bytesIn: round(byProtocol.values.reduce(0) { $0 + $1.bytesIn }),
                                      bytesOut: round(byProtocol.values.reduce(0) { $0 + $1.bytesOut })),
                duplicatesPerNode: round(Double(members.reduce(0) { $0 + $1.duplicates }) / count),
                timeToTargetPeers: percentiles(times),
                neverReachedTarget: members.filter { $0.targetPeers > 0 && $0.reachedTargetAt == nil }.count,
                deliveryRatio: round(groupEligible[g] == 0 ? 1 : Double(groupDelivered[g]) / Double(groupEligible[g])))
        }
        let cdfStride = max(1, latencies.count / 200)
        var cdf = stride(from: 0, to: latencies.count, by: cdfStride).map { latencies[$0] }
        if let last = latencies.last, cdf.last != last { cdf.append(last) }
        let counters = runner.links.counters
        return SimReport(
            scenario: scenario.name, seed: scenario.seed, nodes: nodes.count, simulatedSeconds: round(runner.now),
            messages: messages.count,
            deliveryRatio: round(eligibleTotal == 0 ? 1 : Double(delivered) / Double(eligibleTotal)),
            minimumMessageDeliveryRatio: round(messages.isEmpty ? 1 : minimumRatio),
            latencyMilliseconds: percentiles(latencies), latencyCDF: cdf,
            amplification: round(receiversTimesPayload == 0 ? 0 : wakuOut / receiversTimesPayload),
            storeCoverage: missedTotal == 0 ? nil : round(Double(covered) / Double(missedTotal)),
            returningNodes: returning, messagesLost: Int(counters.lost),
            groups: groups, deliveryOverTime: buckets,
            bytesOutPerNode: nodes.map { node in Double(node.protocolTraffic.values.reduce(UInt64(0)) { $0 + $1.bytesOut }) })
    }

    func wasOnline(_ node: SimNode, at time: Double) -> Bool {
        !node.absences.contains { $0.from <= time && time < $0.to } && !(node.offlineSince.map { $0 <= time && !node.online } ?? false)
    }

    func percentiles(_ sorted: [Double]) -> SimReport.Percentiles {
        guard !sorted.isEmpty else { return .init(count: 0, p50: 0, p95: 0, p99: 0, max: 0) }
        func at(_ q: Double) -> Double { sorted[min(sorted.count - 1, Int((q * Double(sorted.count)).rounded(.up)) - 1 < 0 ? 0 : Int((q * Double(sorted.count)).rounded(.up)) - 1)] }
        return .init(count: sorted.count, p50: round(at(0.5)), p95: round(at(0.95)), p99: round(at(0.99)), max: round(sorted.last!))
    }

    /// Six significant decimals: enough to read, stable to print.
    func round(_ value: Double) -> Double { (value * 1_000_000).rounded() / 1_000_000 }
}

/// The process's resident memory (Linux `/proc/self/statm`; 0 elsewhere).
enum SimMemory {
    static func residentBytes() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Double(fields[1]) else { return 0 }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE)))
    }
}
