import Kernel
import Libp2pCore

/// What the upgrade of a raw TCP connection produced: the authenticated peer and the chosen muxer.
struct UpgradedConnection {
    let remotePeer: Libp2pPeerID
    let remoteKey: Libp2pPublicKey
    let muxer: String
}

/// TCP → multistream-select → Noise XX → multistream-select (encrypted) → muxer, for either role.
enum Libp2pUpgrade {
    static func run(dialer: Bool, source: inout ByteSource, writer: SecureWriter, identity: Libp2pIdentityKey,
                    expected: Libp2pPeerID?, muxers: [String]) async throws -> UpgradedConnection {
        // 1. Security protocol over the raw connection.
        if dialer {
            try await writer.write(Multistream.encode(Multistream.header) + Multistream.encode(Libp2pNoiseHandshake.protocolID))
            try await expectHeader(&source, stage: "multistream")
            let answer = try await source.raw("multistream") { try Multistream.decode(&$0) }
            guard answer == Libp2pNoiseHandshake.protocolID else {
                throw answer == Multistream.notAvailable ? MultistreamError.unsupported([Libp2pNoiseHandshake.protocolID])
                    : MultistreamError.unexpectedResponse(proposed: Libp2pNoiseHandshake.protocolID, got: answer)
            }
        } else {
            try await writer.write(Multistream.encode(Multistream.header))
            try await expectHeader(&source, stage: "multistream")
            try await acceptRaw(&source, writer: writer, supported: [Libp2pNoiseHandshake.protocolID])
        }
        // 2. Noise XX.
        var noise = Libp2pNoiseHandshake(initiator: dialer, identity: identity, expectedRemote: expected)
        while !noise.isComplete {
            if noise.isOurTurn {
                try await writer.write(try NoiseFrame.encode(try noise.nextMessage()))
            } else {
                try noise.read(try await source.noiseFrame("the Noise handshake"))
            }
        }
        let transport = try noise.transport()
        source.noise = transport
        await writer.startEncrypting(transport)
        // 3. Muxer, over the encrypted channel, in the dialer's preference order.
        let muxer: String
        if dialer {
            try await writer.write(Multistream.encode(Multistream.header))
            try await expectSecureHeader(&source)
            var chosen: String?
            for candidate in muxers {
                try await writer.write(Multistream.encode(candidate))
                let answer = try await secureLine(&source)
                if answer == candidate { chosen = candidate; break }
                guard answer == Multistream.notAvailable else {
                    throw MultistreamError.unexpectedResponse(proposed: candidate, got: answer)
                }
            }
            guard let chosen else { throw MultistreamError.unsupported(muxers) }
            muxer = chosen
        } else {
            try await writer.write(Multistream.encode(Multistream.header))
            try await expectSecureHeader(&source)
            var chosen: String?
            for _ in 0..<StreamNegotiation.maximumProposals {
                let proposal = try await secureLine(&source)
                if muxers.contains(proposal) {
                    try await writer.write(Multistream.encode(proposal))
                    chosen = proposal
                    break
                }
                try await writer.write(proposal == Multistream.list ? Multistream.encodeList(muxers) : Multistream.encode(Multistream.notAvailable))
            }
            guard let chosen else { throw Libp2pTransportError.negotiation("no acceptable muxer after \(StreamNegotiation.maximumProposals) proposals") }
            muxer = chosen
        }
        return UpgradedConnection(remotePeer: noise.remotePeer!, remoteKey: noise.remoteKey!, muxer: muxer)
    }

    static func expectHeader(_ source: inout ByteSource, stage: String) async throws {
        let header = try await source.raw(stage) { try Multistream.decode(&$0) }
        guard header == Multistream.header else { throw MultistreamError.unexpectedHeader(header) }
    }

    static func acceptRaw(_ source: inout ByteSource, writer: SecureWriter, supported: [String]) async throws {
        for _ in 0..<StreamNegotiation.maximumProposals {
            let proposal = try await source.raw("multistream") { try Multistream.decode(&$0) }
            if supported.contains(proposal) {
                try await writer.write(Multistream.encode(proposal))
                return
            }
            try await writer.write(proposal == Multistream.list ? Multistream.encodeList(supported) : Multistream.encode(Multistream.notAvailable))
        }
        throw Libp2pTransportError.negotiation("no acceptable security protocol after \(StreamNegotiation.maximumProposals) proposals")
    }

    static func secureLine(_ source: inout ByteSource) async throws -> String {
        guard let line = try await source.secure({ try Multistream.decode(&$0) }) else {
            throw Libp2pTransportError.closedDuringHandshake("muxer selection")
        }
        return line
    }

    static func expectSecureHeader(_ source: inout ByteSource) async throws {
        let header = try await secureLine(&source)
        guard header == Multistream.header else { throw MultistreamError.unexpectedHeader(header) }
    }
}
