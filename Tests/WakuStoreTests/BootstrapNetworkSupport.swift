import Kernel
@testable import Bootstrap

/// What a hostile `pex/1` peer does after its Announce.
enum BootstrapHostileMode: String, Decodable, Sendable {
    /// 30 GetPeers at once.
    case flood
    /// A GetPeers whose payload is not RLP.
    case garbage
    /// A Peers answer nobody asked for.
    case unsolicited
}

/// Settings of the test-only `bootstrap-hostile` plugin.
struct BootstrapHostileConfig: Decodable, Sendable, Equatable {
    var mode: BootstrapHostileMode = .flood

    enum CodingKeys: String, CodingKey { case mode }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mode = try c.decodeIfPresent(BootstrapHostileMode.self, forKey: .mode) ?? .flood
    }
}

/// A test plugin that speaks `pex/1` badly, to prove a bootstrap node deals with it over a real kernel.
struct BootstrapHostilePlugin: NodePlugin {
    static let descriptor = PluginDescriptor(key: "bootstrap-hostile", summary: "test: misbehaving pex/1 peer",
                                             provides: ["hostile"], requires: [.transport])
    var descriptor: PluginDescriptor { Self.descriptor }
    let config: BootstrapHostileConfig

    static func factory() -> any PluginFactory {
        TypedPluginFactory(descriptor, config: BootstrapHostileConfig.self) { BootstrapHostilePlugin(config: $0) }
    }

    func prepare(_ context: PluginContext) async throws {
        await context.network.register(handler: Handler(mode: config.mode))
    }

    struct Handler: ProtocolHandler {
        let mode: BootstrapHostileMode
        var protocolID: ProtocolID { PexCapability.id }
        var messageCodeCount: UInt { PexCapability.messageCodeCount }

        func serve(_ stream: any ProtocolStream, peer: PeerSession) async throws {
            try await stream.send(PexPacket.announce(PexAnnounce(tcpPort: 0, serving: false)).framed)
            switch mode {
            case .flood:
                for _ in 0..<30 { try await stream.send(PexPacket.getPeers(PexGetPeers(limit: 8)).framed) }
            case .garbage:
                try await stream.send(FramedMessage(code: PexPacketCode.getPeers.rawValue, payload: [0xde, 0xad, 0xbe, 0xef]))
            case .unsolicited:
                try await stream.send(PexPacket.peers(PexPeers(entries: [bootstrapEntry()])).framed)
            }
            while try await stream.receive() != nil {}
        }
    }
}

extension Kernel {
    /// Hex ids of the peers this node is connected to.
    func bootstrapConnectedIDs() async -> Set<String> {
        Set(await status().network.peers.map(\.id))
    }
}
