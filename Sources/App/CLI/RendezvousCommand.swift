import ArgumentParser
import Foundation
import Kernel
import Libp2p
import Libp2pCore
import Primitives
import Rendezvous

/// `parley rendezvous register|discover`: one `/rend/0.1.0` request to a rendezvous server, without a node.
struct RendezvousCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rendezvous", abstract: "Register at or discover from a Status rendezvous server (/rend/0.1.0 over libp2p).",
        subcommands: [Register.self, Discover.self])

    struct Server: ParsableArguments {
        @Option(help: "The server, e.g. /ip4/127.0.0.1/tcp/30304/ethv4/16Uiu2HA… (or …/p2p/…).") var server: String
        @Option(help: "Topic (namespace), 1…50 bytes.") var topic: String = "whisper"
        @Option(help: "Seconds per request (and for TCP + Noise + muxer).") var timeout: Double = 5

        /// Connects, opens a `/rend/0.1.0` stream and runs `body` with a client on it.
        func withClient<T: Sendable>(_ body: (RendClient) async throws -> T) async throws -> T {
            let target: Multiaddr
            do { target = try Multiaddr(parsing: server) } catch { throw CLIFailure("\(error)", code: 64) }
            let client = Libp2pClient(identity: .secp256k1(PrivateKey.generate()), handshakeTimeoutSeconds: timeout)
            do {
                let connection = try await client.connect(target)
                let stream = try await connection.openStream(ProtocolID(name: "/rend/0.1.0", version: 0))
                let result = try await body(RendClient(stream: stream, clock: SystemClock(), timeout: .milliseconds(Int64(timeout * 1000)),
                                                       stats: RendStats()))
                await stream.close()
                await client.shutdown()
                return result
            } catch {
                await client.shutdown()
                throw CLIFailure("rendezvous at \(server): \(error)")
            }
        }
    }

    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register this node's ENR (ip, tcp, udp, signed with its node key).")
        @OptionGroup var server: Server
        @Option(help: "The node's data directory (its node key signs the record).") var dataDir: String = "~/.parley"
        @Option(help: "IPv4 address put in the record.") var ip: String = "127.0.0.1"
        @Option(help: "TCP port put in the record.") var tcpPort: UInt16 = 30304
        @Option(help: "TTL in seconds (a Status server accepts at most 20).") var ttl: Double = 10

        func run() async throws {
            try await reportingErrors {
                let identity = try NodeIdentityStore.loadOrCreate(dataDirectory: (dataDir as NSString).expandingTildeInPath)
                let octets = ip.split(separator: ".").compactMap { UInt8($0) }
                guard octets.count == 4 else { throw CLIFailure("--ip must be an IPv4 address", code: 64) }
                let record = try NodeRecord.build(seq: 1, ip: octets, tcp: tcpPort, udp: tcpPort, signingWith: identity.privateKey)
                let topic = server.topic, ns = UInt64(ttl * 1e9)
                try await server.withClient { try await $0.register(topic: topic, record: record, ttlNanoseconds: ns) }
                print("registered under \(topic) for \(ttl) s: \(record.text)")
            }
        }
    }

    struct Discover: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List records registered under a topic (ENR and dialable addresses).")
        @OptionGroup var server: Server
        @Option(help: "Most records to ask for (a Status server clamps to 10).") var limit: UInt64 = 10

        func run() async throws {
            try await reportingErrors {
                let topic = server.topic, limit = limit
                let records = try await server.withClient { try await $0.discover(topic: topic, limit: limit) }
                print("\(records.count) record(s) under \(topic)")
                for record in records {
                    print(record.text)
                    if let key = record.publicKey, let ip = record.ipString, let tcp = record.tcp {
                        print("  enode://\(Hex.encode(key.raw64))@\(ip):\(tcp)")
                        print("  /ip4/\(ip)/tcp/\(tcp)/p2p/\(Base58.encode(PeerID.libp2p(secp256k1: key).bytes))")
                    }
                }
            }
        }
    }
}
