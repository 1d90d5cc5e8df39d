import Crypto
import Foundation
import Kernel
import Libp2p
import Libp2pCore
import Primitives
import StaticPeers
import TestKit

/// libp2p: connection setup (TCP + multistream + Noise XX + yamux), ping RTT, and stream throughput over
/// Noise + yamux between two nodes on loopback, each against the raw ChaCha20-Poly1305 cost of the same
/// bytes measured in the same run; then setup and ping against a py-libp2p 0.8.1 peer when
/// PARLEY_LIBP2P_PYTHON names its venv.
enum Libp2pBenchmarks {
    static func run() async throws -> [Measurement] {
        var results: [Measurement] = []
        let harness = NodeHarness(extraFactories: [Libp2pPlugin.factory(), StaticPeersPlugin.factory()])
        defer { harness.cleanUp() }
        let receiverSessions = AsyncMessageQueue<EchoSession>()
        let receiver = try harness.kernel("receiver", registry: harness.registry(including: [EchoPlugin.factory(sessions: receiverSessions)]))
        try await receiver.start(harness.profile("receiver", "node: { log-level: error }\nplugins: { libp2p: { host: 127.0.0.1, port: 0 }, echo: }"))
        let port = await receiver.status().network.listenPorts["libp2p"] ?? 0
        let address = "/ip4/127.0.0.1/tcp/\(port)/p2p/\(Libp2pPlugin.peerID(of: receiver.identity))"
        results += try await setupAndPing(address, label: "Parley")

        let senderSessions = AsyncMessageQueue<EchoSession>()
        let sender = try harness.kernel("sender", registry: harness.registry(including: [EchoPlugin.factory(sessions: senderSessions)]))
        try await sender.start(harness.profile("sender", """
            node: { log-level: error }
            plugins:
              libp2p: { host: 127.0.0.1, port: 0 }
              echo:
              static-peers: { peers: ["\(address)"] }
            """))
        guard let outbound = await senderSessions.next(within: .seconds(10)), let inbound = await receiverSessions.next(within: .seconds(10)) else {
            throw CancellationError()
        }
        for (size, count) in [(1024, 4000), (65536, 200)] {
            let megabytes = Double(size * count) / 1e6
            let payload = SecureRandom.bytes(size)
            let key = SymmetricKey(size: .bits256)
            let raw = try measure("raw ChaCha20-Poly1305 seal+open, \(size / 1024) KiB", units: megabytes, unit: "MB") {
                for index in 0..<count {
                    var nonce = [UInt8](repeating: 0, count: 12)
                    nonce[4] = UInt8(truncatingIfNeeded: index)
                    let box = try ChaChaPoly.seal(payload, using: key, nonce: ChaChaPoly.Nonce(data: nonce))
                    _ = try ChaChaPoly.open(box, using: key)
                }
            }
            var streamed = try await measureAsync("libp2p Noise+yamux stream, \(size / 1024) KiB", runs: 5, units: megabytes, unit: "MB") {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { for _ in 0..<count { try await outbound.stream.send(FramedMessage(code: 0, payload: payload)) } }
                    group.addTask { for _ in 0..<count { _ = try await inbound.stream.receive() } }
                    try await group.waitForAll()
                }
            }
            streamed.note = String(format: "%.0f %% of raw ChaCha20-Poly1305", 100 * streamed.throughput / raw.throughput)
            results += [raw, streamed]
        }
        await sender.stop()
        await receiver.stop()

        if let py = try PyLibp2pListener.start() {
            defer { py.stop() }
            results += try await setupAndPing(py.address, label: "py-libp2p")
        } else {
            print("  (py-libp2p figures skipped: PARLEY_LIBP2P_PYTHON is not set; scripts/setup.sh --with-venv makes .venv-libp2p)")
        }
        return results
    }

    /// Connection setup and ping RTT against the node at `address`.
    static func setupAndPing(_ address: String, label: String) async throws -> [Measurement] {
        let target = try Multiaddr(parsing: address)
        // A fresh identity per connection: the node would refuse a second connection from a peer it still
        // counts as connected (the close is asynchronous).
        let identities = (0..<120).map { _ in Libp2pIdentityKey.ed25519(.init()) }
        var next = 0
        let setup = try await measureAsync("setup to \(label) (TCP+Noise+yamux)", runs: 5, units: 20, unit: "conn") {
            for _ in 0..<20 {
                let client = Libp2pClient(identity: identities[next % identities.count])
                next += 1
                try await client.connect(target).close()
                await client.shutdown()
            }
        }
        let client = Libp2pClient(identity: .ed25519(.init()))
        let connection = try await client.connect(target)
        let ping = try await measureAsync("ping RTT to \(label)", runs: 5, units: 200, unit: "ping") {
            for _ in 0..<200 { _ = try await connection.ping() }
        }
        await connection.close()
        await client.shutdown()
        return [setup, ping]
    }
}

/// `Tests/Interop/libp2p_peer.py listen` as a bench peer.
final class PyLibp2pListener: @unchecked Sendable {
    let process: Process
    let address: String

    private init(process: Process, address: String) {
        self.process = process
        self.address = address
    }

    static func start() throws -> PyLibp2pListener? {
        guard let python = ProcessInfo.processInfo.environment["PARLEY_LIBP2P_PYTHON"], !python.isEmpty else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["Tests/Interop/libp2p_peer.py", "listen", "YAMUX", "secp256k1"]
        let stdout = Pipe(), stdin = Pipe()
        process.standardOutput = stdout
        process.standardInput = stdin
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while true {
            let byte = stdout.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data([0x0a]) { break }
            line.append(byte)
        }
        guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any], let address = object["addr"] as? String else {
            process.terminate()
            throw CancellationError()
        }
        return PyLibp2pListener(process: process, address: address)
    }

    func stop() { if process.isRunning { process.terminate() } }
}
