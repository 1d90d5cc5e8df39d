import Foundation
import Kernel
import Libp2p
import Libp2pCore
import Primitives
import StaticPeers
import Synchronization
import TestKit

/// gossipsub (issue 12): a Parley pair, a py-libp2p 0.8.1 pair and a mixed pair on loopback publishing 1 KiB
/// messages on one topic — messages per second and process CPU time per message — and the bandwidth
/// amplification of gossipsub against flooding on one 50-node in-process topology.
enum GossipsubBenchmarks {
    static let topic = "parley-bench"
    static let size = 1024
    static let parleyMessages = 5000
    static let pyMessages = 500

    static func run() async throws -> [String] {
        // Each figure is printed as soon as it is measured (the py-libp2p runs take a while).
        func say(_ line: String) { ParleyBench.say(line) }
        say("gossipsub, \(size) B messages on one topic over loopback libp2p (Noise + yamux), median of 3 runs:")
        let harness = NodeHarness(extraFactories: [Libp2pPlugin.factory(), StaticPeersPlugin.factory()])
        defer { harness.cleanUp() }

        // Parley → Parley, both nodes in this process: CPU is the pair's.
        let a = try await ParleyPubsubNode.start(harness, "pub", peers: [])
        let b = try await ParleyPubsubNode.start(harness, "sub", peers: [a.address])
        try await a.waitForMesh(with: b.peerID)
        var runs: [(rate: Double, cpu: Double)] = []
        for run in 0..<3 {
            let before = b.received.value
            let cpu0 = processCPUSeconds(), t0 = ContinuousClock.now
            for i in 0..<parleyMessages { await a.router.publish(topic, data: message(run: run, index: i)) }
            try await waitUntil(seconds: 120) { b.received.value >= before + parleyMessages }
            let seconds = (ContinuousClock.now - t0).seconds
            runs.append((Double(parleyMessages) / seconds, (processCPUSeconds() - cpu0) / Double(parleyMessages)))
        }
        let parleyRate = median(runs.map(\.rate)), parleyPairCPU = median(runs.map(\.cpu))
        say(String(format: "  Parley → Parley: %8.0f msg/s, CPU %7.1f µs/msg (both sides, one process)", parleyRate, parleyPairCPU * 1e6))
        await b.kernel.stop()

        guard let python = ProcessInfo.processInfo.environment["PARLEY_LIBP2P_PYTHON"], !python.isEmpty else {
            await a.kernel.stop()
            say("  (py-libp2p figures skipped: PARLEY_LIBP2P_PYTHON is not set; scripts/setup.sh --with-venv makes .venv-libp2p)")
            for line in try await amplification() { say(line) }
            return []
        }

        // Parley → py-libp2p and py-libp2p → Parley: one Parley node in this process, CPU per side.
        let py = try await PyGossipPeer.start(python: python)
        defer { py.stop() }
        _ = try await py.ask("connect \(a.address)", key: "connected")
        try await a.waitForMesh(with: PeerID(try Libp2pPeerID(parsing: py.peerID).bytes))
        var toPy: [(rate: Double, parley: Double, py: Double)] = []
        var fromPy: [(rate: Double, parley: Double, py: Double)] = []
        var next = 1_000_000
        for run in 0..<3 {
            let start = try await py.stats()
            let cpu0 = processCPUSeconds(), t0 = ContinuousClock.now
            for i in 0..<pyMessages { await a.router.publish(topic, data: message(run: 100 + run, index: i)) }
            var end = start
            try await waitUntil(seconds: 300, every: .milliseconds(50)) { end = try await py.stats(); return end.count >= start.count + pyMessages }
            let seconds = (ContinuousClock.now - t0).seconds
            toPy.append((Double(pyMessages) / seconds, (processCPUSeconds() - cpu0) / Double(pyMessages), (end.cpu - start.cpu) / Double(pyMessages)))

            let received = a.received.value
            let pyStart = try await py.stats()
            let cpu1 = processCPUSeconds(), t1 = ContinuousClock.now
            let published = try await py.ask("bench \(pyMessages) \(size) \(next)", key: "bench_published")
            next += pyMessages
            try await waitUntil(seconds: 300) { a.received.value >= received + pyMessages }
            let seconds2 = (ContinuousClock.now - t1).seconds
            let pyCPU = (published["cpu"] as? Double ?? pyStart.cpu) - pyStart.cpu
            fromPy.append((Double(pyMessages) / seconds2, (processCPUSeconds() - cpu1) / Double(pyMessages), pyCPU / Double(pyMessages)))
        }
        let parleyPublishCPU = median(toPy.map(\.parley)), pyReceiveCPU = median(toPy.map(\.py))
        let pyPublishCPU = median(fromPy.map(\.py)), parleyReceiveCPU = median(fromPy.map(\.parley))
        say(String(format: "  Parley → py-libp2p: %6.0f msg/s, CPU Parley %7.1f µs/msg, py-libp2p %8.1f µs/msg",
                            median(toPy.map(\.rate)), parleyPublishCPU * 1e6, pyReceiveCPU * 1e6))
        say(String(format: "  py-libp2p → Parley: %6.0f msg/s, CPU py-libp2p %8.1f µs/msg, Parley %7.1f µs/msg",
                            median(fromPy.map(\.rate)), pyPublishCPU * 1e6, parleyReceiveCPU * 1e6))
        await a.kernel.stop()
        py.stop()

        // py-libp2p → py-libp2p.
        let pyA = try await PyGossipPeer.start(python: python), pyB = try await PyGossipPeer.start(python: python)
        defer { pyA.stop(); pyB.stop() }
        _ = try await pyB.ask("connect \(pyA.address)", key: "connected")
        try await waitUntil(seconds: 30) { (try await pyA.ask("mesh", key: "mesh")["mesh"] as? [String] ?? []).contains(pyB.peerID) }
        var pyPair: [(rate: Double, publisher: Double, subscriber: Double)] = []
        for run in 0..<3 {
            let a0 = try await pyA.stats(), b0 = try await pyB.stats()
            let t0 = ContinuousClock.now
            let published = try await pyA.ask("bench \(pyMessages) \(size) \(run * pyMessages)", key: "bench_published")
            var b1 = b0
            try await waitUntil(seconds: 300, every: .milliseconds(50)) { b1 = try await pyB.stats(); return b1.count >= b0.count + pyMessages }
            let seconds = (ContinuousClock.now - t0).seconds
            pyPair.append((Double(pyMessages) / seconds, ((published["cpu"] as? Double ?? a0.cpu) - a0.cpu) / Double(pyMessages),
                           (b1.cpu - b0.cpu) / Double(pyMessages)))
        }
        let pyRate = median(pyPair.map(\.rate))
        let pyPairCPU = median(pyPair.map { $0.publisher + $0.subscriber })
        say(String(format: "  py-libp2p → py-libp2p: %4.0f msg/s, CPU publisher %8.1f µs/msg, subscriber %8.1f µs/msg",
                            pyRate, median(pyPair.map(\.publisher)) * 1e6, median(pyPair.map(\.subscriber)) * 1e6))
        say(String(format: "  ratios: Parley pair %.0f× the msg/s of the py-libp2p pair; CPU per message (both sides) %.4f of py-libp2p's (1/%.0f);",
                            parleyRate / pyRate, parleyPairCPU / pyPairCPU, pyPairCPU / parleyPairCPU))
        say(String(format: "          per side: publish %.4f (1/%.0f), receive %.4f (1/%.0f) of py-libp2p's",
                            parleyPublishCPU / pyPublishCPU, pyPublishCPU / parleyPublishCPU,
                            parleyReceiveCPU / pyReceiveCPU, pyReceiveCPU / parleyReceiveCPU))
        for line in try await amplification() { say(line) }
        return []
    }

    /// Bytes sent by all nodes ÷ (payload bytes × receivers), gossipsub vs flooding on the same random graph.
    static func amplification() async throws -> [String] {
        var lines: [String] = []
        for dials in [4, 10] { lines += try await amplification(dials: dials) }
        return lines
    }

    static func amplification(dials: Int) async throws -> [String] {
        let nodes = 50, messages = 50
        var lines = ["  amplification, \(nodes) nodes (each dials \(dials) random others), \(messages) messages of \(size) B from random nodes:"]
        let graph = RandomGraph(nodes: nodes, dials: dials)
        let degree = Double(graph.neighbours.map(\.count).reduce(0, +)) / Double(nodes)
        lines[0] += String(format: " (mean degree %.1f)", degree)
        for floodPublish in [true, false] {
            var parameters = GossipsubParameters()
            parameters.floodPublish = floodPublish
            let net = CountingPubsubNet(graph: graph, parameters: parameters)
            await net.start(topic: topic)
            net.resetBytes()
            for i in 0..<messages {
                await net.routers[Int.random(in: 0..<nodes)].publish(topic, data: message(run: 7, index: i))
                await net.settle()
                if i % 10 == 9 { await net.heartbeat() }
            }
            let expected = messages * (nodes - 1)
            try? await waitUntil(seconds: 5) { net.delivered.value >= expected }
            let delivered = net.delivered.value
            let ratio = Double(net.bytes.value) / Double(size * delivered)
            lines.append("    gossipsub (D=6, flood-publish \(floodPublish ? "on" : "off")): "
                         + String(format: "%.2f× (%d of %d deliveries; control traffic included)", ratio, delivered, expected))
        }
        // Flooding run on the same graph: every link speaks /floodsub/1.0.0, so each node sends every
        // message once to every subscribed neighbour but the one it came from.
        do {
            let net = CountingPubsubNet(graph: graph, parameters: GossipsubParameters())
            await net.start(topic: topic, proto: .floodsub)
            net.resetBytes()
            let base = net.delivered.value
            for i in 0..<messages {
                await net.routers[Int.random(in: 0..<nodes)].publish(topic, data: message(run: 8, index: i))
                await net.settle()
                if i % 10 == 9 { await net.heartbeat() }
            }
            let expected = messages * (nodes - 1)
            try? await waitUntil(seconds: 5) { net.delivered.value - base >= expected }
            let delivered = net.delivered.value - base
            let ratio = Double(net.bytes.value) / Double(size * delivered)
            lines.append("    flooding, run (floodsub on the same graph): "
                         + String(format: "%.2f× (%d of %d deliveries)", ratio, delivered, expected))
        }
        // Flooding (the relay's rule): the origin sends to every neighbour, every other node to every
        // neighbour but its sender, once; each copy costs the same framed message bytes as a gossipsub publish.
        let copyBytes = PubsubRPCSize.publish(size: size, topic: topic)
        var copies = 0
        for source in 0..<nodes { copies += graph.floodCopies(from: source) }
        let floodRatio = Double(copies) / Double(nodes) * Double(copyBytes) / Double(size * (nodes - 1))
        lines.append(String(format: "    flooding, computed on the graph (mean over origins): %.2f× (%.1f copies per message for %d receivers)",
                            floodRatio, Double(copies) / Double(nodes), nodes - 1))
        return lines
    }

    static func message(run: Int, index: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: size)
        withUnsafeBytes(of: UInt64(run).bigEndian) { bytes.replaceSubrange(0..<8, with: $0) }
        withUnsafeBytes(of: UInt64(index).bigEndian) { bytes.replaceSubrange(8..<16, with: $0) }
        return bytes
    }

    static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    static func processCPUSeconds() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    /// Polls `done` every `every` (py-libp2p is asked over stdin: polling it too often would inflate its CPU figures).
    static func waitUntil(seconds: Double, every: Duration = .milliseconds(5), _ done: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while try await !done() {
            guard ContinuousClock.now < deadline else { throw BenchTimeout(seconds: seconds) }
            try await Task.sleep(for: every)
        }
    }
}

struct BenchTimeout: Error, CustomStringConvertible {
    let seconds: Double
    var description: String { "gossipsub bench: nothing finished within \(seconds) s" }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// A counter shared with a consuming task.
final class SharedCount: Sendable {
    private let count = Atomic<Int>(0)
    func add(_ n: Int = 1) { count.add(n, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}

/// Accepts everything; id = SHA-256 of the data (what py-libp2p is configured with in gossipsub_peer.py).
struct BenchTopicPolicy: PubsubTopicPolicy {
    func messageID(of data: [UInt8]) -> [UInt8] { SHA2.sha256(data) }
    func validate(_ data: [UInt8]) async -> PubsubValidation { .accept }
    var signaturePolicy: PubsubSignaturePolicy { .laxNoSign }
}

/// A Parley node running only libp2p + gossipsub, joined to the bench topic and counting deliveries.
struct ParleyPubsubNode {
    let kernel: Kernel
    let router: any PubsubRouter
    let address: String
    let peerID: PeerID
    let received: SharedCount

    static func start(_ harness: NodeHarness, _ name: String, peers: [String]) async throws -> ParleyPubsubNode {
        let handoff = ServiceHandoff<any PubsubRouter>()
        let kernel = try harness.kernel(name, registry: harness.registry(including: [GossipsubPlugin.factory(handoff: handoff)]))
        let staticPeers = peers.isEmpty ? "" : ", static-peers: { peers: [\"\(peers.joined(separator: "\",\""))\"] }"
        try await kernel.start(harness.profile(name, """
            node: { log-level: error }
            plugins: { libp2p: { host: 127.0.0.1, port: 0 }, gossipsub: { heartbeat-seconds: 0.2 }\(staticPeers) }
            """))
        guard let router = await handoff.value else { throw BenchTimeout(seconds: 0) }
        let received = SharedCount()
        let stream = await router.join(GossipsubBenchmarks.topic, policy: BenchTopicPolicy())
        Task { for await _ in stream { received.add() } }
        let port = await kernel.status().network.listenPorts["libp2p"] ?? 0
        let id = Libp2pPlugin.peerID(of: kernel.identity)
        return ParleyPubsubNode(kernel: kernel, router: router, address: "/ip4/127.0.0.1/tcp/\(port)/p2p/\(id)",
                                peerID: PeerID(id.bytes), received: received)
    }

    func waitForMesh(with peer: PeerID) async throws {
        guard let router = router as? GossipsubRouter else { return }
        try await GossipsubBenchmarks.waitUntil(seconds: 30) { await router.meshPeers(GossipsubBenchmarks.topic).contains(peer) }
    }
}

/// `Tests/Interop/gossipsub_peer.py YAMUX /meshsub/1.1.0 TOPIC quiet` as a bench peer.
final class PyGossipPeer: @unchecked Sendable {
    let process = Process()
    let stdin = Pipe()
    private let lines = LineBuffer()
    private var consumed = 0
    private(set) var peerID = ""
    private(set) var address = ""

    static func start(python: String) async throws -> PyGossipPeer {
        let peer = PyGossipPeer()
        peer.process.executableURL = URL(fileURLWithPath: python)
        peer.process.arguments = ["Tests/Interop/gossipsub_peer.py", "YAMUX", "/meshsub/1.1.0", GossipsubBenchmarks.topic, "quiet"]
        let stdout = Pipe()
        peer.process.standardOutput = stdout
        peer.process.standardInput = peer.stdin
        peer.process.standardError = FileHandle.nullDevice
        stdout.fileHandleForReading.readabilityHandler = { [lines = peer.lines] handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil; return }
            lines.consume(data)
        }
        try peer.process.run()
        let hello = try await peer.next()
        peer.peerID = hello["peer_id"] as? String ?? ""
        peer.address = hello["addr"] as? String ?? ""
        return peer
    }

    func next(seconds: Double = 300) async throws -> [String: Any] {
        var line: String?
        try await GossipsubBenchmarks.waitUntil(seconds: seconds) {
            line = lines.line(consumed)
            return line != nil || !process.isRunning
        }
        guard let line else { throw BenchTimeout(seconds: seconds) }
        consumed += 1
        return (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]) ?? [:]
    }

    func ask(_ command: String, key: String) async throws -> [String: Any] {
        stdin.fileHandleForWriting.write(Data((command + "\n").utf8))
        while true {
            let answer = try await next()
            if answer[key] != nil { return answer }
            if let error = answer["error"] { throw PyBenchFailure(description: "py-libp2p: \(error)") }
        }
    }

    func stats() async throws -> (count: Int, cpu: Double) {
        let answer = try await ask("stats", key: "count")
        return (answer["count"] as? Int ?? 0, answer["cpu"] as? Double ?? 0)
    }

    func stop() { if process.isRunning { process.terminate() } }
}

/// Stdout lines of a subprocess, split as they arrive.
final class LineBuffer: Sendable {
    private let state = Mutex<(partial: Data, lines: [String])>((Data(), []))

    func consume(_ data: Data) {
        state.withLock { (buffer: inout (partial: Data, lines: [String])) in
            buffer.partial.append(data)
            while let newline = buffer.partial.firstIndex(of: 0x0a) {
                buffer.lines.append(String(decoding: buffer.partial[buffer.partial.startIndex..<newline], as: UTF8.self))
                buffer.partial.removeSubrange(buffer.partial.startIndex...newline)
            }
        }
    }

    func line(_ index: Int) -> String? { state.withLock { $0.lines.count > index ? $0.lines[index] : nil } }
}

struct PyBenchFailure: Error, CustomStringConvertible { let description: String }
