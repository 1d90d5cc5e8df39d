// Reads `/rend/0.1.0` and `/rendezvous/1.0.0` streams with Libp2p's internal `StreamReader` and checks signed
// peer records (`SignedPeerRecord`), through @testable: debug builds only, as the rlpx-* targets.
#if DEBUG
import Kernel
import Libp2pCore
import Primitives
@testable import Libp2p
@testable import Rendezvous

extension FuzzTarget {
    /// Rendezvous, both flavours (Sources/Plugins/Rendezvous). The first byte (mod 5) picks what the rest is:
    /// 0 — a `/rend/0.1.0` stream (`rlp(type) ‖ rlp(body)` items, read as the libp2p transport frames them);
    /// 1 — one `/rend/0.1.0` body, the type taken from the next byte; 2 — a `/rendezvous/1.0.0` stream
    /// (`uvarint(len) ‖ Message`); 3 — one `/rendezvous/1.0.0` message; 4 — an RFC 0002 signed envelope (peer
    /// record domain) checked alone and registered. Every decoded message must survive encode → decode, and a
    /// request is applied to a fresh rendezvous point's registry (REGISTER, DISCOVER with paging, UNREGISTER)
    /// as the server does, from a fixed connected peer, with a stopped clock.
    public static let rendezvous = FuzzTarget(
        name: "rendezvous",
        summary: "RendCodec.decode (/rend/0.1.0 RLP) and RendezvousV1Codec.decode (/rendezvous/1.0.0 protobuf), signed envelopes, registries",
        run: { input in
            guard let mode = input.first else { return }
            let rest = Array(input.dropFirst())
            switch mode % 5 {
            case 0: RendezvousFuzz.rendStream(rest)
            case 1:
                guard let code = rest.first else { return }
                RendezvousFuzz.rendServe([FramedMessage(code: UInt64(code), payload: Array(rest.dropFirst()))])
            case 2: RendezvousFuzz.v1Stream(rest)
            case 3: RendezvousFuzz.v1Serve([rest])
            default:
                _ = try? SignedPeerRecord(verifying: rest)
                RendezvousFuzz.v1Apply([.register(RendezvousV1Registration(namespace: "ns", peer: .signedRecord(rest), ttl: 60))])
            }
        },
        seeds: { RendezvousFuzz.seeds() })
}

/// Decoding and serving steps of the `rendezvous` target.
enum RendezvousFuzz {
    /// The connected client: EIP-8 key A as a libp2p secp256k1 identity.
    static let client = Libp2pIdentityKey.secp256k1(FuzzFixtures.keyA)
    static var clientPeer: PeerID { PeerID(client.peerID.bytes) }

    // MARK: /rend/0.1.0

    static func rendStream(_ bytes: [UInt8]) {
        let stream = FuzzMuxedStream(bytes, chunkSize: 0)
        let messages = BlockingTask.run { () -> [FramedMessage] in
            var reader = StreamReader(stream)
            var out: [FramedMessage] = []
            while out.count < 64, let typeItem = try? await reader.rlpItem(limit: 9),
                  let code = try? RLP.decode(typeItem).asUInt64(), let body = try? await reader.rlpItem(limit: RendCodec.maximumBody) {
                out.append(FramedMessage(code: code, payload: body))
            }
            return out
        }
        rendServe(messages)
    }

    static func rendServe(_ messages: [FramedMessage]) {
        var requests: [RendMessage] = []
        for framed in messages {
            do {
                let message = try RendCodec.decode(framed)
                precondition((try? RendCodec.decode(RendCodec.encode(message))) == message, "rend: \(message.type) does not survive encode → decode")
                _ = RendCodec.wireBytes(message)
                requests.append(message)
            } catch {
                _ = error.status   // what the server answers with, or nil for a reset
            }
        }
        guard !requests.isEmpty else { return }
        let received = requests
        _ = BlockingTask.run {
            let registry = RendRegistry(rules: RendServerRules(), clock: FuzzClock())
            for request in received {
                switch request {
                case .register(let topic, let record, let ttl):
                    _ = await registry.register(topic: topic, record: record, ttlNanoseconds: ttl, from: clientPeer)
                case .discover(let limit, let topic):
                    let (status, records) = await registry.discover(topic: topic, limit: limit)
                    _ = RendCodec.encode(.discoverResponse(status: status, message: "", records: records))
                case .registerResponse, .discoverResponse:
                    break
                }
            }
            return await registry.recordCount
        }
    }

    // MARK: /rendezvous/1.0.0

    static func v1Stream(_ bytes: [UInt8]) {
        let stream = FuzzMuxedStream(bytes, chunkSize: 0)
        let bodies = BlockingTask.run { () -> [[UInt8]] in
            var reader = StreamReader(stream)
            var out: [[UInt8]] = []
            while out.count < 64, let body = try? await reader.delimited(limit: RendezvousV1Message.maximumMessage) { out.append(body) }
            return out
        }
        v1Serve(bodies)
    }

    static func v1Serve(_ bodies: [[UInt8]]) {
        var requests: [RendezvousV1Message] = []
        for body in bodies {
            guard let message = try? RendezvousV1Codec.decode(body) else { continue }
            precondition((try? RendezvousV1Codec.decode(RendezvousV1Codec.encode(message))) == message,
                         "rendezvous/1.0.0: message does not survive encode → decode")
            requests.append(message)
        }
        v1Apply(requests)
    }

    static func v1Apply(_ requests: [RendezvousV1Message]) {
        guard !requests.isEmpty else { return }
        _ = BlockingTask.run {
            let registry = RendezvousV1Registry(clock: FuzzClock(), maximumRecords: 64, maximumRegistrationsPerPeer: 4)
            for request in requests {
                switch request {
                case .register(let registration):
                    _ = await registry.register(registration, from: clientPeer)
                case .unregister(let namespace, _):
                    await registry.unregister(namespace: namespace, peer: clientPeer)
                case .discover(let namespace, let limit, let cookie):
                    let (status, registrations, next) = await registry.discover(namespace: namespace, limit: limit, cookie: cookie)
                    _ = RendezvousV1Codec.encode(.discoverResponse(registrations: registrations, cookie: next, status: status, text: ""))
                case .registerResponse, .discoverResponse:
                    break
                }
            }
            return await registry.recordCount
        }
    }

    // MARK: seeds

    /// An RFC 0002 envelope over a peer record for `client` (payload type 0x0301, `PeerRecord{peer_id, seq, addresses}`).
    static func signedPeerRecord() -> [UInt8] {
        let address = (try? Multiaddr(parsing: "/ip4/127.0.0.1/tcp/4001")).map { [$0] } ?? []
        return (try? SignedPeerRecord(signing: client, seq: 1, addresses: address))?.envelope ?? []
    }

    static func seeds() -> [[UInt8]] {
        var seeds: [[UInt8]] = []
        // /rend/0.1.0
        var rend: [RendMessage] = [
            .discover(limit: 10, topic: Array("whispermail".utf8)),
            .registerResponse(status: .ok, message: ""),
            .discoverResponse(status: .invalidTTL, message: "E_INVALID_TTL", records: []),
        ]
        if let record = try? NodeRecord.build(seq: 5, ip: [127, 0, 0, 1], tcp: 30303, udp: 30303, signingWith: FuzzFixtures.keyA) {
            rend.insert(.register(topic: Array("whispermail".utf8), record: record, ttlNanoseconds: 10_000_000_000), at: 0)
            rend.append(.discoverResponse(status: .ok, message: "", records: [record]))
        }
        seeds.append([0] + rend.flatMap(RendCodec.wireBytes))
        for message in rend.prefix(2) {
            let framed = RendCodec.encode(message)
            seeds.append([1, UInt8(framed.code)] + framed.payload)
        }
        // /rendezvous/1.0.0
        let info = RendezvousV1Registration(namespace: "waku", peer: .info(id: client.peerID.bytes,
                                            addresses: [(try? Multiaddr(parsing: "/ip4/127.0.0.1/tcp/4001"))?.bytes ?? []]), ttl: 0)
        let signed = RendezvousV1Registration(namespace: "waku-signed", peer: .signedRecord(signedPeerRecord()), ttl: 7200)
        let v1: [RendezvousV1Message] = [
            .register(info), .register(signed),
            .discover(namespace: "", limit: 1, cookie: []),
            .discover(namespace: "waku", limit: 0, cookie: [0, 0, 0, 0, 0, 0, 0, 1]),
            .unregister(namespace: "waku", peerID: client.peerID.bytes),
            .registerResponse(status: .invalidTTL, text: "E_INVALID_TTL", ttl: 0),
            .discoverResponse(registrations: [info], cookie: [0, 0, 0, 0, 0, 0, 0, 2], status: .ok, text: "OK"),
        ]
        seeds.append([2] + v1.flatMap { message -> [UInt8] in
            let body = RendezvousV1Codec.encode(message)
            return UVarint.encode(UInt64(body.count)) + body
        })
        seeds += v1.prefix(3).map { [3] + RendezvousV1Codec.encode($0) }
        seeds.append([4] + signedPeerRecord())
        return seeds
    }
}
#endif
