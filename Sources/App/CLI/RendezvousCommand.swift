import ArgumentParser
import Foundation
import Kernel
import Libp2p
import Libp2pCore
import Primitives
import Rendezvous

/// `parley rendezvous register|discover`: one request to a rendezvous server, without a node, in either flavour:
/// Status `/rend/0.1.0` (`--protocol rend`, the default) or libp2p `/rendezvous/1.0.0` (`--protocol rendezvous`).
struct RendezvousCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rendezvous",
        abstract: "Register at or discover from a rendezvous server: Status /rend/0.1.0 or libp2p /rendezvous/1.0.0, over libp2p.",
        subcommands: [Register.self, Discover.self])

    struct Server: ParsableArguments {
        @Option(help: "The server, e.g. /ip4/127.0.0.1/tcp/30304/ethv4/16Uiu2HA… (or …/p2p/…).") var server: String
        @Option(help: "Topic (namespace): 1…50 bytes for rend, 1…255 for rendezvous.") var topic: String = "whisper"
        @Option(help: "rend (Status /rend/0.1.0) or rendezvous (libp2p /rendezvous/1.0.0).") var `protocol`: String = "rend"
        @Option(help: "Seconds per request (and for TCP + Noise + muxer).") var timeout: Double = 5

        var flavour: RendezvousFlavour {
            get throws { guard let f = RendezvousFlavour(rawValue: `protocol`) else { throw CLIFailure("--protocol must be rend or rendezvous", code: 64) }; return f }
        }

        /// Connects as `identity`, opens a stream of the flavour's protocol and runs `body` on it.
        func withStream<T: Sendable>(identity: Libp2pIdentityKey, _ body: (any ProtocolStream) async throws -> T) async throws -> T {
            let target: Multiaddr
            do { target = try Multiaddr(parsing: server) } catch { throw CLIFailure("\(error)", code: 64) }
            let id = try flavour == .rend ? ProtocolID(name: "/rend/0.1.0", version: 0) : RendezvousV1Client.protocolID
            let client = Libp2pClient(identity: identity, handshakeTimeoutSeconds: timeout)
            do {
                let connection = try await client.connect(target)
                let stream = try await connection.openStream(id)
                let result = try await body(stream)
                await stream.close()
                await client.shutdown()
                return result
            } catch {
                await client.shutdown()
                throw CLIFailure("rendezvous at \(server): \(error)")
            }
        }

        /// A `/rend/0.1.0` client on the stream.
        func rend(_ stream: any ProtocolStream) -> RendClient {
            RendClient(stream: stream, clock: SystemClock(), timeout: .milliseconds(Int64(timeout * 1000)), stats: RendStats())
        }

        /// A `/rendezvous/1.0.0` request bounded by `--timeout`.
        func v1<T: Sendable>(_ stream: any ProtocolStream, _ body: @escaping @Sendable (RendezvousV1Client) async throws -> T) async throws -> T {
            let client = RendezvousV1Client(stream: stream), seconds = timeout
            return try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask { try await body(client) }
                group.addTask { try await Task.sleep(for: .milliseconds(Int64(seconds * 1000))); return nil }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let value = first else {
                    throw CLIFailure("the rendezvous point did not answer within \(seconds) s")
                }
                return value
            }
        }
    }

    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register this node: its ENR (rend) or its signed peer record (rendezvous), signed with its node key.")
        @OptionGroup var server: Server
        @Option(help: "The node's data directory (its node key signs the record).") var dataDir: String = "~/.parley"
        @Option(help: "IPv4 address put in the record.") var ip: String = "127.0.0.1"
        @Option(help: "TCP port put in the record.") var tcpPort: UInt16 = 30304
        @Option(help: "TTL in seconds (a Status server accepts at most 20; /rendezvous/1.0.0 at most 72 h).") var ttl: Double = 10
        @Flag(help: "rendezvous only: send unsigned PeerInfo (py-libp2p 0.8.1 points) instead of a signed peer record.") var unsigned = false

        func run() async throws {
            try await reportingErrors {
                let identity = try NodeIdentityStore.loadOrCreate(dataDirectory: (dataDir as NSString).expandingTildeInPath)
                let octets = ip.split(separator: ".").compactMap { UInt8($0) }
                guard octets.count == 4 else { throw CLIFailure("--ip must be an IPv4 address", code: 64) }
                let topic = server.topic, server = server
                switch try server.flavour {
                case .rend:
                    let record = try NodeRecord.build(seq: 1, ip: octets, tcp: tcpPort, udp: tcpPort, signingWith: identity.privateKey)
                    let ns = UInt64(ttl * 1e9)
                    try await server.withStream(identity: .secp256k1(PrivateKey.generate())) {
                        try await server.rend($0).register(topic: topic, record: record, ttlNanoseconds: ns)
                    }
                    print("registered under \(topic) for \(ttl) s: \(record.text)")
                case .rendezvous:
                    // The point checks that the registered peer is the connection's peer: connect with the node key.
                    let key = Libp2pIdentityKey.secp256k1(identity.privateKey)
                    let address = Multiaddr([.ip4(octets), .tcp(tcpPort)])
                    let peer: RendezvousV1Registration.Peer = unsigned
                        ? .info(id: key.peerID.bytes, addresses: [address.bytes])
                        : .signedRecord(try SignedPeerRecord(signing: key, seq: UInt64(Date().timeIntervalSince1970),
                                                             addresses: [address]).envelope)
                    let registration = RendezvousV1Registration(namespace: topic, peer: peer, ttl: UInt64(ttl.rounded(.up)))
                    let granted = try await server.withStream(identity: key) { stream in
                        try await server.v1(stream) { try await $0.register(registration) }
                    }
                    print("registered \(unsigned ? "PeerInfo" : "a signed peer record") under \(topic) for \(granted) s: \(address.with(peerID: key.peerID))")
                }
            }
        }
    }

    struct Discover: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List peers registered under a topic (records and dialable addresses).")
        @OptionGroup var server: Server
        @Option(help: "Most records to ask for (a Status server clamps to 10).") var limit: UInt64 = 10

        func run() async throws {
            try await reportingErrors {
                let topic = server.topic, limit = limit, server = server
                switch try server.flavour {
                case .rend:
                    let records = try await server.withStream(identity: .secp256k1(PrivateKey.generate())) {
                        try await server.rend($0).discover(topic: topic, limit: limit)
                    }
                    print("\(records.count) record(s) under \(topic)")
                    for record in records {
                        print(record.text)
                        if let key = record.publicKey, let ip = record.ipString, let tcp = record.tcp {
                            print("  enode://\(Hex.encode(key.raw64))@\(ip):\(tcp)")
                            print("  /ip4/\(ip)/tcp/\(tcp)/p2p/\(Base58.encode(PeerID.libp2p(secp256k1: key).bytes))")
                        }
                    }
                case .rendezvous:
                    let (registrations, _) = try await server.withStream(identity: .secp256k1(PrivateKey.generate())) { stream in
                        try await server.v1(stream) { try await $0.discover(namespace: topic, limit: limit) }
                    }
                    print("\(registrations.count) registration(s) under \(topic)")
                    for registration in registrations { print(Self.describe(registration)) }
                }
            }
        }

        /// One registration: its form (signed and verified, or unsigned PeerInfo), TTL left and addresses with the peer id.
        static func describe(_ registration: RendezvousV1Registration) -> String {
            let id: [UInt8], addresses: [Multiaddr], form: String
            switch registration.peer {
            case .info(let i, let a): (id, addresses, form) = (i, a.compactMap { try? Multiaddr(bytes: $0) }, "PeerInfo (unsigned)")
            case .signedRecord(let envelope):
                do {
                    let opened = try SignedPeerRecord(verifying: envelope)
                    (id, addresses, form) = (opened.peerID.bytes, opened.addresses, "signed peer record (verified, seq \(opened.seq))")
                } catch { return "invalid signed peer record: \(error)" }
            }
            let peer = (try? Libp2pPeerID(bytes: id))
            var lines = ["\(peer?.base58 ?? Hex.encode(id)): \(form), ttl \(registration.ttl) s"]
            for address in addresses {
                lines.append("  \(peer.map { address.with(peerID: $0) } ?? address)")
            }
            return lines.joined(separator: "\n")
        }
    }
}
