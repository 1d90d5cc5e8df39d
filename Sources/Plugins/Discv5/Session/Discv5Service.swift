import Foundation
import Kernel
import NIOCore
import Primitives

/// One node's discv5.1 endpoint: owns the UDP socket, the sessions and handshakes, pending requests
/// and the routing table. Inbound datagrams are consumed by one owned task (`start`/`stop`).
public actor Discv5Service {
    public let key: PrivateKey
    public nonisolated let localID: [UInt8]
    public private(set) var localRecord: NodeRecord
    public let config: Discv5ServiceConfig
    public nonisolated let drops = DropCounters()
    public nonisolated let traffic: TrafficCounter
    let codec: PacketCodec
    let socket: UDPSocket
    let clock: any NodeClock

    var sessions: [NodeAddress: Session] = [:]
    var sentPackets: [[UInt8]: SentPacket] = [:]
    var challenges: [NodeAddress: Challenge] = [:]
    var pending: [[UInt8]: PendingRequest] = [:]
    var unverified: [Endpoint: AmplificationBudget] = [:]
    var talkHandlers: [[UInt8]: @Sendable ([UInt8], NodeAddress) async -> [UInt8]] = [:]
    public internal(set) var table: RoutingTable
    var nextRequestID: UInt64 = 0
    /// Lookups started since the service began (the discovery loop's budget is checked against these in tests).
    public internal(set) var lookupsStarted = 0
    /// Requests whose every attempt went unanswered (dead or overloaded nodes; shown by the bench).
    public internal(set) var requestsTimedOut = 0
    private var receiver: Task<Void, Never>?
    /// Fetches of records newer than the one we hold (a PING told us its seq), one per node, ended by `stop`.
    var recordFetches: [[UInt8]: Task<Void, Never>] = [:]

    public init(key: PrivateKey, record: NodeRecord, socket: UDPSocket, clock: any NodeClock,
                config: Discv5ServiceConfig = Discv5ServiceConfig(), traffic: TrafficCounter = TrafficCounter()) {
        self.key = key
        self.localID = key.publicKey.nodeID
        self.localRecord = record
        self.config = config
        self.traffic = traffic
        self.codec = PacketCodec(protocolID: config.protocolID)
        self.socket = socket
        self.clock = clock
        self.table = RoutingTable(localID: key.publicKey.nodeID, ipLimits: config.ipLimits)
    }

    /// Binds a socket on `host:port` (0 = any free port) and builds a record with `ip`, `udp` and `extra` pairs.
    public static func bind(key: PrivateKey, host: String = "127.0.0.1", port: Int = 0, announceIP: String? = nil, tcp: UInt16? = nil,
                            extra: [String: RLPItem] = [:], seq: UInt64 = 1, clock: any NodeClock,
                            config: Discv5ServiceConfig = Discv5ServiceConfig(), traffic: TrafficCounter = TrafficCounter()) async throws -> Discv5Service {
        let socket = try await UDPSocket.bind(host: host, port: port)
        let bound = UInt16(socket.localAddress?.port ?? port)
        var pairs = extra
        pairs["ip"] = .bytes(Endpoint.parseIPv4(announceIP ?? host).flatMap { $0 == [0, 0, 0, 0] ? nil : $0 } ?? [127, 0, 0, 1])
        pairs["udp"] = .uint(UInt64(bound))
        if let tcp { pairs["tcp"] = .uint(UInt64(tcp)) }
        let record = try NodeRecord.build(seq: seq, pairs: pairs, signingWith: key)
        let service = Discv5Service(key: key, record: record, socket: socket, clock: clock, config: config, traffic: traffic)
        await service.start()
        return service
    }

    public func start() {
        guard receiver == nil else { return }
        let datagrams = socket.datagrams
        receiver = Task { [weak self] in
            for await datagram in datagrams {
                guard let self else { return }
                await self.receive(datagram.bytes, from: datagram.from)
            }
        }
    }

    /// Closes the socket, fails pending requests and ends the receive task.
    public func stop() async {
        receiver?.cancel()
        receiver = nil
        for fetch in recordFetches.values { fetch.cancel() }
        recordFetches = [:]
        await socket.close()
        for (id, request) in pending {
            request.timer.cancel()
            request.continuation.resume(throwing: Discv5RequestError.stopped)
            pending[id] = nil
        }
    }

    /// Replaces our record (re-signed with a higher seq by the caller); peers fetch it when they see the
    /// new seq in PING/PONG or the next handshake.
    public func updateRecord(_ changes: [String: RLPItem?]) throws {
        localRecord = try localRecord.updated(changes, signingWith: key)
    }

    /// Lets another component answer TALKREQ for `protocolName` (unknown protocols get an empty TALKRESP).
    public func registerTalkHandler(_ protocolName: String, _ handler: @escaping @Sendable ([UInt8], NodeAddress) async -> [UInt8]) {
        talkHandlers[Array(protocolName.utf8)] = handler
    }

    /// Adds verified bootnode records to the table (they are tried by the first lookup).
    public func addBootnodes(_ records: [NodeRecord]) {
        for record in records where record.verifySignature() {
            guard let endpoint = Endpoint(record: record) else { continue }
            table.add(record, endpoint: endpoint, now: clock.now())
        }
    }

    func transmit(_ bytes: [UInt8], to endpoint: Endpoint) {
        guard let address = try? SocketAddress(ipAddress: endpoint.host, port: Int(endpoint.port)) else { return }
        traffic.recordOut(bytes: bytes.count)
        unverified[endpoint]?.sent += bytes.count
        socket.send(bytes, to: address)
    }
}

/// A packet we sent that a WHOAREYOU may answer: enough to redo it inside a handshake.
struct SentPacket {
    let node: NodeAddress
    let record: NodeRecord
    let message: Discv5Message
    let sentAt: Date
}

/// A WHOAREYOU we sent and the handshake it waits for.
struct Challenge {
    let data: [UInt8]
    let record: NodeRecord?
    let sentAt: Date
}

/// Bytes received from and sent to an address that has not completed a handshake.
struct AmplificationBudget {
    var received = 0
    var sent = 0
}

extension Endpoint {
    init?(_ address: SocketAddress) {
        guard let text = address.ipAddress, let port = address.port, let ip = Self.parseIPv4(text) else { return nil }
        self.init(ip: ip, port: UInt16(port))
    }

    public init?(record: NodeRecord) {
        guard let ip = record.ip, let udp = record.udp else { return nil }
        self.init(ip: ip, port: udp)
    }

    static func parseIPv4(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".").compactMap { UInt8($0) }
        return parts.count == 4 ? parts : nil
    }
}

extension Discv5Service {
    /// Re-signs our record with `seq` keeping its pairs (used to continue the persisted sequence).
    public func resign(seq: UInt64) throws {
        var pairs: [String: RLPItem] = [:]
        for pair in localRecord.pairs where pair.key != "id" && pair.key != "secp256k1" { pairs[pair.key] = pair.value }
        localRecord = try NodeRecord.build(seq: seq, pairs: pairs, signingWith: key)
    }
}
