import Foundation
import Kernel
import Logging
import MemoryTransport
import PluginCatalog
import TestKit
import WakuCore
import WakuProtocol

/// Runs a scenario: builds every node as a real kernel on one memory switchboard whose link model is
/// the scenario's network, then moves one `ManualClock` forward event by event — delivering the link
/// model's held messages when due, firing traffic, churn and role switches, and letting the nodes
/// settle after each step — and measures what happened.
public final class SimRunner: @unchecked Sendable {
    public let scenario: Scenario
    let writer: SimProfileWriter
    let workDirectory: String
    let progress: (@Sendable (String) -> Void)?

    let clock: ManualClock
    let start = Date(timeIntervalSince1970: 1_600_000_000)
    let links: SimLinks
    let switchboard: MemorySwitchboard
    let observations = SimObservations()
    var random: SimRandom
    var nodes: [SimNode] = []
    var chats: [SimChat] = []
    var messages: [SimMessage] = []
    var timeline = SimTimeline()
    var background: [Task<Void, Never>] = []
    var now: Double = 0
    /// Where the manual clock stands (seconds since the start); `now` rounded to the clock's nanoseconds.
    var clockTime: Double = 0
    /// Steps that ended at `settleLimit` with work still pending (see `SimHostStats.settleTimeouts`).
    var settleTimeouts = 0
    var steps = 0, settleChecks = 0, orphanedWaits = 0
    /// Unchanged checks (~200 µs apart) after which settling gives up on a receiver that stays busy:
    /// long enough (≥ 0.4 s) that a loaded host finishes real work first, so runs repeat.
    static let settleLimit = 2_000
    /// Unchanged checks after which a network with no busy receiver counts as settled.
    static let quietChecks = 6
    /// Unchanged checks after which a message sitting in an inbox that no receiver takes is given up on.
    static let orphanLimit = 50
    /// How long after coming back a node asks a store peer for what it missed.
    let catchUpDelay = 5.0

    /// `profilesDirectory`: where shipped profile names resolve; `workDirectory`: node data (removed after).
    public init(scenario: Scenario, profilesDirectory: String, scenarioDirectory: String, workDirectory: String,
                progress: (@Sendable (String) -> Void)? = nil) {
        self.scenario = scenario
        self.writer = SimProfileWriter(profilesDirectory: profilesDirectory, scenarioDirectory: scenarioDirectory)
        self.workDirectory = workDirectory
        self.progress = progress
        self.clock = ManualClock(start: start)
        self.random = SimRandom(seed: scenario.seed)
        var endpoints: [String: (bandwidth: Double, region: Int)] = [:]
        let regions = max(1, scenario.link.regionLatencyMilliseconds.count)
        var index = 0
        for group in scenario.groups {
            for i in 0..<group.count {
                endpoints[SimRunner.nodeName(group.name, i)] = ((group.bandwidthKbps ?? scenario.link.bandwidthKbps) * 125, index % regions)
                index += 1
            }
        }
        self.links = SimLinks(spec: scenario.link, seed: scenario.seed, resolution: scenario.resolutionMilliseconds / 1000, endpoints: endpoints)
        self.switchboard = MemorySwitchboard(links: links)
    }

    static func nodeName(_ group: String, _ index: Int) -> String { "\(group)-\(index)" }

    /// Runs the scenario and returns the reproducible report and what the host spent.
    public func run() async throws -> (report: SimReport, host: SimHostStats) {
        let wallStart = ContinuousClock.now
        let residentBefore = SimMemory.residentBytes()
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: workDirectory) }
        try makeChats()
        try makeNodes()
        progress?("starting \(nodes.count) nodes")
        for node in nodes { try await bringUp(node) }
        let startupWall = ContinuousClock.now - wallStart
        progress?("started in \(startupWall); running \(scenario.warmUpSeconds + scenario.durationSeconds) s of virtual time")
        schedule()
        let trafficEnd = Double(scenario.warmUpSeconds + scenario.durationSeconds)
        let end = trafficEnd + 5  // let the last messages land
        var nextPeerCheck = 0.0, nextProgress = 10.0
        var residentPeak = SimMemory.residentBytes()
        while true {
            // Everything due now: scheduled actions and a wave of held messages (one per receiver), then the
            // nodes settle (so what they do with them happens at this instant, before the clock moves), then
            // their sends are fated in canonical order — until nothing more is due now.
            repeat {
                for event in timeline.due(by: now) { try await perform(event.action) }
                links.deliverWave(by: now)
                steps += 1
                await settle()
                links.flushSends()
            } while (links.nextDue.map { $0 <= now + 1e-9 } ?? false) || (timeline.nextTime().map { $0 <= now + 1e-9 } ?? false)
                || links.unsentCount > 0
            if now >= nextPeerCheck {
                await checkTargets()
                nextPeerCheck = now + 1
            }
            if now >= nextProgress {
                residentPeak = max(residentPeak, SimMemory.residentBytes())
                progress?(String(format: "t=%.0fs  messages=%d  held=%d  wall=%@", now, messages.count, links.held, "\(ContinuousClock.now - wallStart)"))
                nextProgress = now + 10
            }
            if now >= end { break }
            var next = min(end, now + Double(scenario.tickMilliseconds) / 1000)
            if let due = links.nextDue { next = min(next, due) }
            if let event = timeline.nextTime() { next = min(next, event) }
            next = max(next, now + 0.000_001)
            now = next
            links.setNow(now)
            observations.setNow(now)
            clock.advance(by: .nanoseconds(Int64(((next - clockTime) * 1e9).rounded())))
            clockTime = next
        }
        residentPeak = max(residentPeak, SimMemory.residentBytes())
        for task in background { task.cancel() }
        for node in nodes where node.online { await node.absorbCounters() }
        let report = SimReportBuilder(runner: self, trafficEnd: trafficEnd).build()
        let wall = ContinuousClock.now - wallStart
        progress?("stopping nodes")
        await stopAll()
        let resident = max(0, residentPeak - residentBefore)
        let simulatedMinutes = (end) / 60
        let host = SimHostStats(wallSeconds: wall.seconds, startupWallSeconds: startupWall.seconds,
                                wallSecondsPerSimulatedMinute: (wall - startupWall).seconds / simulatedMinutes,
                                residentBytes: resident, residentBytesPerNode: resident / Double(max(1, nodes.count)),
                                settleTimeouts: settleTimeouts, orphanedWaits: orphanedWaits, steps: steps, settleChecks: settleChecks)
        return (report, host)
    }

    // MARK: Building

    func makeChats() throws {
        for (index, spec) in scenario.traffic.publicChats.enumerated() {
            let key = try SymKey(publicPassword: "parley-sim-\(spec.name)")
            let groups = Dictionary(uniqueKeysWithValues: scenario.groups.enumerated().map { ($1.name, $0) })
            chats.append(SimChat(index: index, spec: spec, topic: Topic(hashing: spec.name), key: key,
                                 subscriberGroups: Set(spec.subscribers.compactMap { groups[$0] }),
                                 senderGroups: Set(spec.senders.compactMap { groups[$0] })))
        }
    }

    func makeNodes() throws {
        var bases: [String: Profile] = [:]
        func base(_ name: String) throws -> (Profile, String) {
            let path = writer.basePath(name)
            if let known = bases[path] { return (known, path) }
            let profile = try ProfileLoader.load(path: path)
            bases[path] = profile
            return (profile, path)
        }
        var byGroup: [String: [Int]] = [:]
        var index = 0
        for (g, group) in scenario.groups.enumerated() {
            for i in 0..<group.count {
                let name = Self.nodeName(group.name, i)
                let directory = (workDirectory as NSString).appendingPathComponent(name)
                nodes.append(SimNode(index: index, name: name, group: g, identity: SimIdentities.make(&random),
                                     directory: directory, role: group.profile))
                byGroup[group.name, default: []].append(index)
                index += 1
            }
        }
        for node in nodes {
            let group = scenario.groups[node.group]
            let pool = group.connectTo.flatMap { byGroup[$0] ?? [] }.filter { $0 != node.index }
            var peers: [String] = []
            if !pool.isEmpty {
                var chosen = Set<Int>()
                let want = min(group.staticPeers, pool.count)
                while chosen.count < want { chosen.insert(pool[Int(random.next() % UInt64(pool.count))]) }
                peers = chosen.sorted().map { nodes[$0].name }
            }
            try FileManager.default.createDirectory(atPath: node.directory, withIntermediateDirectories: true)
            let discovery = DiscoveryStrategy(rawValue: group.discovery)!
            let relay = group.relay.flatMap(RelayMode.init(rawValue:))
            var roles = [group.profile]
            for change in scenario.roleSwitches where change.group == group.name { roles.append(change.to) }
            for role in roles where node.profilePaths[role] == nil {
                let (profile, path) = try base(role)
                node.profilePaths[role] = try writer.write(node: node.name, role: role.replacingOccurrences(of: "/", with: "_"),
                                                           base: profile, basePath: path, directory: node.directory,
                                                           discovery: discovery, relay: relay, peers: peers)
            }
            node.targetPeers = try base(group.profile).0.node.peers.target
        }
    }

    func registry(for node: SimNode) -> PluginRegistry {
        var registry = PluginRegistry()
        for factory in PluginCatalog.factories(memory: switchboard) where factory.descriptor.key != RelayPlugin.descriptor.key {
            registry.register(factory)
        }
        registry.register(RelayPlugin.factory(stats: node.stats))
        return registry
    }

    func bringUp(_ node: SimNode) async throws {
        var logger = Logger(label: "sim.\(node.name)")
        logger.logLevel = .critical
        let kernel = Kernel(registry: registry(for: node), identity: node.identity, dataDirectory: node.directory,
                            logger: logger, clock: clock,
                            backoff: RedialBackoff(initial: .seconds(1), maximum: .seconds(30)), startTimeout: .seconds(30))
        let profile = try ProfileLoader.load(path: node.profilePaths[node.role]!)
        do { try await kernel.start(profile) } catch { throw SimulationError.nodeFailed(node.name, "\(error)") }
        node.kernel = kernel
        node.online = true
        node.startedAt = now
        await subscribe(node)
        // Let its start-up (dials, handshakes, subscriptions) happen before the next node starts: nodes
        // starting concurrently would race each other's dials, and the seed would no longer fix the topology.
        await settle()
    }

    func subscribe(_ node: SimNode) async {
        for task in node.subscriptions { task.cancel() }
        node.subscriptions = []
        guard let kernel = node.kernel, let receiver = try? kernel.service(.envelopeReceiver) else { return }
        let observations = self.observations, index = node.index
        if let sinks = try? kernel.service(.wakuSinks) {
            await sinks.addSink(SimArrivalSink(node: index, observations: observations))
        }
        for chat in chats where chat.subscriberGroups.contains(node.group) {
            let stream = await receiver.messages(matching: MessageFilter(topics: [chat.topic], keys: [.symmetric(chat.key)]))
            node.subscriptions.append(Task {
                for await received in stream {
                    let payload = received.message.payload
                    guard payload.count >= 8 else { continue }
                    var id = 0
                    for i in 0..<8 { id |= Int(payload[i]) << (8 * i) }
                    var fromHistory = false
                    if case .history = received.origin { fromHistory = true }
                    observations.record(message: id, node: index, envelope: received.envelope.hash, fromHistory: fromHistory)
                }
            })
        }
    }

    func takeDown(_ node: SimNode) async {
        guard let kernel = node.kernel else { return }
        await node.absorbCounters()
        for task in node.subscriptions { task.cancel() }
        node.subscriptions = []
        node.kernel = nil
        node.online = false
        await kernel.stop()
    }

    func stopAll() async {
        for node in nodes { for task in node.subscriptions { task.cancel() } }
        let kernels = nodes.compactMap(\.kernel)
        for node in nodes { node.kernel = nil }
        await withTaskGroup(of: Void.self) { group in
            for kernel in kernels { group.addTask { await kernel.stop() } }
        }
    }

    // MARK: Timeline

    func schedule() {
        let trafficStart = Double(scenario.warmUpSeconds), trafficEnd = trafficStart + Double(scenario.durationSeconds)
        for chat in chats where chat.spec.messagesPerMinute > 0 {
            var time = trafficStart + random.exponential(mean: 60 / chat.spec.messagesPerMinute)
            while time < trafficEnd {
                timeline.add(time, .post(chat: chat.index))
                time += random.exponential(mean: 60 / chat.spec.messagesPerMinute)
            }
        }
        for churn in scenario.churn {
            let members = nodes.filter { scenario.groups[$0.group].name == churn.group }.map(\.index)
            for member in pick(Int((Double(members.count) * churn.fraction).rounded()), of: members) {
                let away = trafficStart + churn.fromSeconds + random.unit() * max(0, churn.toSeconds - churn.fromSeconds)
                timeline.add(away, .goOffline(node: member))
                timeline.add(away + churn.offlineSeconds, .comeOnline(node: member))
            }
        }
        for change in scenario.roleSwitches {
            let members = nodes.filter { scenario.groups[$0.group].name == change.group }.map(\.index)
            for member in pick(Int((Double(members.count) * change.fraction).rounded()), of: members) {
                timeline.add(trafficStart + change.atSeconds, .switchRole(node: member, to: change.to))
                if let back = change.backAtSeconds {
                    timeline.add(trafficStart + back, .switchRole(node: member, to: scenario.groups[nodes[member].group].profile))
                }
            }
        }
    }

    /// `count` members chosen by the seed (a partial Fisher–Yates shuffle), in index order.
    func pick(_ count: Int, of members: [Int]) -> [Int] {
        var pool = members
        let n = min(count, pool.count)
        for i in 0..<n {
            let j = i + Int(random.next() % UInt64(pool.count - i))
            pool.swapAt(i, j)
        }
        return pool.prefix(n).sorted()
    }

    func perform(_ action: SimEvent.Action) async throws {
        switch action {
        case .post(let chat): try await post(chats[chat])
        case .goOffline(let index):
            let node = nodes[index]
            guard node.online else { return }
            node.offlineSince = now
            await takeDown(node)
        case .comeOnline(let index):
            let node = nodes[index]
            guard !node.online else { return }
            node.role = node.ownRole
            try await bringUp(node)
            if let since = node.offlineSince { node.absences.append(SimNode.Absence(from: since, to: now)) }
            timeline.add(now + catchUpDelay, .catchUp(node: index))
        case .switchRole(let index, let role):
            let node = nodes[index]
            guard node.online, let kernel = node.kernel, node.role != role, let path = node.profilePaths[role] else { return }
            do {
                _ = try await kernel.apply(try ProfileLoader.load(path: path))
                node.role = role
                node.roleSwitches += 1
            } catch {
                throw SimulationError.nodeFailed(node.name, "switching to \(role): \(error)")
            }
        case .catchUp(let index):
            let node = nodes[index]
            guard node.online, let kernel = node.kernel, let absence = node.absences.last,
                  let client = try? kernel.service(.historyClient) else { return }
            let topics = chats.filter { $0.subscriberGroups.contains(node.group) }.map(\.topic)
            guard !topics.isEmpty else { return }
            let query = HistoryQuery(from: unix(absence.from) &- 1, to: unix(now) &+ 1, topics: topics)
            background.append(Task { _ = try? await client.fetchAll(query) })
        }
    }

    func unix(_ time: Double) -> UInt32 { UInt32(start.timeIntervalSince1970 + time) }

    func post(_ chat: SimChat) async throws {
        let senders = nodes.filter { chat.senderGroups.contains($0.group) }
        guard !senders.isEmpty else { return }
        let first = Int(random.next() % UInt64(senders.count))
        var size = chat.spec.sizeBytes
        size = max(8, size)
        var payload = [UInt8](repeating: 0, count: size)
        let id = messages.count
        for i in 0..<8 { payload[i] = UInt8(truncatingIfNeeded: id >> (8 * i)) }
        var fill = random.next()
        for i in 8..<size {
            if i % 8 == 0 { fill = random.next() }
            payload[i] = UInt8(truncatingIfNeeded: fill >> (8 * (i % 8)))
        }
        for step in 0..<senders.count {
            let node = senders[(first + step) % senders.count]
            guard node.online, let kernel = node.kernel, let sender = try? kernel.service(.envelopeSender) else { continue }
            let eligible = nodes.filter { $0.online && $0.index != node.index && chat.subscriberGroups.contains($0.group) }.map(\.index)
            do {
                _ = try await sender.post(OutgoingMessage(topic: chat.topic, payload: payload, encryption: .symmetric(chat.key),
                                                          signer: node.identity.privateKey, powTarget: 0))
            } catch {
                continue
            }
            messages.append(SimMessage(id: id, chat: chat.index, sender: node.index, sentAt: now, size: size, eligible: eligible))
            return
        }
    }

    /// Lets the nodes finish what the last step started: returns when every delivered message was taken
    /// and handled and nothing changed for `quietChecks` checks in a row, 200 µs apart. (Waiting in real
    /// time rather than yielding is what makes runs repeat: a task woken by the step may sit on another
    /// thread for a while before it sends.) A receiver still busy is waited for up to `settleLimit`
    /// unchanged checks (then counted in `settleTimeouts`); a message left in an inbox with no receiver
    /// busy (a stream no handler reads, a connection that closed) up to `orphanLimit` (`orphanedWaits`).
    func settle() async {
        var last: (UInt64, UInt64, Int, Int, Int) = (.max, .max, -1, -1, -1)
        var quiet = 0
        while true {
            await Task.yield()
            try? await Task.sleep(for: .microseconds(200))
            settleChecks += 1
            let counters = links.counters
            // Timers count as activity too: a task the last clock step woke sleeps again when it is done.
            let snapshot = (counters.carried, counters.consumed, observations.count, clock.sleepsStarted, clock.sleeperCount)
            let inboxes = Int64(counters.carried) - Int64(counters.consumed) - Int64(links.held)
            // Receivers still handling a message, and envelopes a relay has queued but not decided (sessions
            // hand them over without waiting, so the relay's sends would otherwise fall on a later instant).
            let busy = links.busy + nodes.reduce(0) { $0 + ($1.online ? $1.stats.backlog.value : 0) }
            if snapshot == last { quiet += 1 } else { quiet = 0; last = snapshot }
            if inboxes <= 0 && busy <= 0 && quiet >= Self.quietChecks { return }
            if busy <= 0 && quiet >= Self.orphanLimit {
                orphanedWaits += 1
                return
            }
            if quiet >= Self.settleLimit {
                settleTimeouts += 1
                return
            }
        }
    }

    /// Stamps when each node first holds `peers.target` outbound peers (what its connection manager dials for).
    func checkTargets() async {
        for node in nodes where node.online && node.reachedTargetAt == nil && node.targetPeers > 0 {
            guard let kernel = node.kernel else { continue }
            let dialled = await kernel.status().network.peers.count { $0.direction == .outbound }
            if dialled >= node.targetPeers { node.reachedTargetAt = now - node.startedAt }
        }
    }
}

/// A public chat of the scenario, with its topic and key.
struct SimChat: Sendable {
    let index: Int
    let spec: PublicChatSpec
    let topic: Topic
    let key: SymKey
    let subscriberGroups: Set<Int>
    let senderGroups: Set<Int>
}

/// One message the scenario sent, and who should have received it.
struct SimMessage: Sendable {
    let id: Int
    let chat: Int
    let sender: Int
    let sentAt: Double
    let size: Int
    /// Subscribers online when it was sent (not the sender).
    let eligible: [Int]
}

/// Why a simulation could not run.
public enum SimulationError: Error, CustomStringConvertible {
    case nodeFailed(String, String)

    public var description: String {
        switch self {
        case .nodeFailed(let node, let reason): return "simulated node \(node) failed: \(reason)"
        }
    }
}
