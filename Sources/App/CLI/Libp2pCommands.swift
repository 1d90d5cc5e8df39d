import ArgumentParser
import Foundation
import Kernel
import Libp2p
import Libp2pCore
import Primitives

/// `parley peer-id`: this node's libp2p peer id (from its secp256k1 node key) and the multiaddrs it listens on.
struct PeerIDCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peer-id", abstract: "Print this node's libp2p peer id and listen multiaddrs (from its node key).")

    @Option(help: "The node's data directory (its node key is created there if missing).")
    var dataDir: String = "~/.parley"
    @Option(help: "Advertised host of the libp2p listener.") var host: String = "127.0.0.1"
    @Option(help: "libp2p TCP port.") var port: UInt16 = 30304
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await reportingErrors {
            let identity = try NodeIdentityStore.loadOrCreate(dataDirectory: (dataDir as NSString).expandingTildeInPath)
            let peer = Libp2pPlugin.peerID(of: identity)
            let kind = host.contains(":") ? "ip6" : "ip4"
            let address = try Multiaddr(parsing: "/\(kind)/\(host)/tcp/\(port)").with(peerID: peer)
            if json {
                print("{\"peer_id\": \"\(peer.base58)\", \"cid\": \"\(peer.cid)\", \"listen_addrs\": [\"\(address)\"]}")
            } else {
                print("peer id: \(peer.base58)")
                print("cid:     \(peer.cid)")
                print("listen:  \(address)")
            }
        }
    }
}

/// `parley ping MULTIADDR`: libp2p ping (`/ipfs/ping/1.0.0`) like `ipfs ping`, one RTT per round.
struct PingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ping", abstract: "Ping a libp2p peer (/ip4/…/tcp/…/p2p/…) over TCP + Noise + yamux and print each RTT.")

    @Argument(help: "The peer's multiaddr, e.g. /ip4/127.0.0.1/tcp/30304/p2p/16Uiu2HA…") var address: String
    @Option(name: .shortAndLong, help: "Rounds.") var count: Int = 5
    @Option(help: "Seconds for TCP + Noise + muxer before giving up.") var timeout: Double = 10

    func run() async throws {
        try await reportingErrors {
            let target: Multiaddr
            do { target = try Multiaddr(parsing: address) } catch { throw CLIFailure("\(error)", code: 64) }
            guard count >= 1 else { throw CLIFailure("--count must be at least 1", code: 64) }
            let client = Libp2pClient(identity: .ed25519(.init()), handshakeTimeoutSeconds: timeout)
            let connection: Libp2pClientConnection
            do { connection = try await client.connect(target) } catch {
                await client.shutdown()
                throw CLIFailure("cannot reach \(target): \(error)")
            }
            print("PING \(connection.remotePeer) (muxer \(connection.muxer))")
            var rtts: [Double] = []
            for round in 1...count {
                let rtt: Duration
                do { rtt = try await connection.ping() } catch {
                    await client.shutdown()
                    throw CLIFailure("ping \(round) failed: \(error)")
                }
                let ms = Double(rtt.components.attoseconds) / 1e15 + Double(rtt.components.seconds) * 1000
                rtts.append(ms)
                print("Pong received: seq=\(round) time=\(String(format: "%.3f", ms)) ms")
            }
            let sorted = rtts.sorted()
            print("\(count) pings: min \(String(format: "%.3f", sorted.first!)) ms, median \(String(format: "%.3f", sorted[sorted.count / 2])) ms, max \(String(format: "%.3f", sorted.last!)) ms")
            await connection.close()
            await client.shutdown()
        }
    }
}
