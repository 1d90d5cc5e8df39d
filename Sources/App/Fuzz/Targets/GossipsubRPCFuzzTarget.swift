import Kernel
import Libp2p
import Libp2pCore
import Primitives

extension FuzzTarget {
    /// gossipsub / floodsub RPCs (Sources/Plugins/Libp2pCore, Sources/Plugins/Libp2p/Gossipsub). First byte
    /// bit 0 clear: the rest is one RPC body for `PubsubRPC(decoding:)`, which must survive encode → decode
    /// (an empty control message counts as absent).
    /// Bit 0 set: the rest is what one fake peer writes on its pubsub stream (`uvarint(len) ‖ RPC`, the 1 MiB
    /// limit; bit 1 set: the peer speaks floodsub, else meshsub v1.1), each body handed to a fresh
    /// `GossipsubRouter.receive` — subscriptions, publish (StrictNoSign and LaxNoSign topics, a validator that
    /// accepts, ignores or rejects by the data's first byte), IHAVE/IWANT, GRAFT/PRUNE with backoff, scoring —
    /// with a second peer in the mesh to forward to, then one heartbeat.
    /// No sockets: peers are in-memory links; time is a stopped clock.
    public static let gossipsubRPC = FuzzTarget(
        name: "gossipsub-rpc",
        summary: "PubsubRPC(decoding:) + round trip; GossipsubRouter.receive from a fake peer (delimited RPC stream) + heartbeat",
        run: { input in
            guard let mode = input.first else { return }
            let rest = Array(input.dropFirst())
            if mode & 1 == 0 {
                guard let rpc = try? PubsubRPC(decoding: rest) else { return }
                // An empty control message is not written back, so compare with it as absent.
                var normalised = rpc
                if rpc.control?.isEmpty == true { normalised.control = nil }
                precondition((try? PubsubRPC(decoding: rpc.bytes)) == normalised, "gossipsub: RPC does not survive encode → decode")
            } else {
                GossipsubFuzz.route(rest, proto: mode & 2 == 0 ? .meshsub11 : .floodsub)
            }
        },
        seeds: {
            let strict = GossipsubFuzz.strictTopic, lax = GossipsubFuzz.laxTopic
            let hello = PubsubRPC(subscriptions: [.init(subscribe: true, topic: strict), .init(subscribe: true, topic: lax)])
            let publish = PubsubRPC(publish: [.init(data: [2, 1, 2, 3], topic: strict),
                                              .init(from: [1, 2], data: [2], seqno: [0, 0, 0, 1], topic: lax, signature: [9], key: [8]),
                                              .init(data: [0, 0], topic: strict)])
            let control = PubsubRPC(control: .init(ihave: [.init(topic: strict, messageIDs: [SHA2.sha256([7]), [1, 2, 3]])],
                                                   iwant: [.init(messageIDs: [SHA2.sha256([2, 1, 2, 3])])],
                                                   graft: [.init(topic: strict), .init(topic: "unjoined")],
                                                   prune: [.init(topic: lax, peers: [.init(peerID: [0, 1, 2], signedPeerRecord: [3])], backoff: 60)],
                                                   idontwant: [.init(messageIDs: [[4]])]))
            let unsubscribe = PubsubRPC(subscriptions: [.init(subscribe: false, topic: strict)])
            func stream(_ rpcs: [PubsubRPC]) -> [UInt8] { rpcs.flatMap { UVarint.encode(UInt64($0.bytes.count)) + $0.bytes } }
            return [
                [0] + hello.bytes, [0] + publish.bytes, [0] + control.bytes,
                [1] + stream([hello, publish, control, unsubscribe]),
                [1] + stream([hello, control, publish, control]),
                [3] + stream([hello, publish]),
            ]
        })
}

/// The router set-up of the `gossipsub-rpc` target.
enum GossipsubFuzz {
    static let strictTopic = "/waku/2/default-waku/proto"
    static let laxTopic = "lax-topic"
    static let attacker = PeerID([0xa1])
    static let neighbour = PeerID([0xb2])

    /// A link that accepts everything and keeps nothing.
    struct DiscardingLink: GossipsubLink {
        func enqueue(_ rpc: [UInt8]) async -> Bool { true }
    }

    /// Validates by the data's first byte: 0 reject, 1 ignore, anything else accept.
    struct FirstBytePolicy: PubsubTopicPolicy {
        let signaturePolicy: PubsubSignaturePolicy
        func messageID(of data: [UInt8]) -> [UInt8] { SHA2.sha256(data) }
        func validate(_ data: [UInt8]) async -> PubsubValidation {
            switch data.first {
            case 0: return .reject("first byte 0")
            case 1: return .ignore
            default: return .accept
            }
        }
    }

    static func route(_ bytes: [UInt8], proto: PubsubProtocol) {
        _ = BlockingTask.run {
            let router = GossipsubRouter(parameters: GossipsubParameters(), clock: FuzzClock())
            _ = await router.join(strictTopic, policy: FirstBytePolicy(signaturePolicy: .strictNoSign))
            _ = await router.join(laxTopic, policy: FirstBytePolicy(signaturePolicy: .laxNoSign))
            await router.addPeer(neighbour, proto: .meshsub11, outbound: true, ip: "10.0.0.2", link: DiscardingLink())
            await router.receive(PubsubRPC(subscriptions: [.init(subscribe: true, topic: strictTopic)]).bytes, from: neighbour)
            await router.receive(PubsubRPC(control: .init(graft: [.init(topic: strictTopic)])).bytes, from: neighbour)
            await router.addPeer(attacker, proto: proto, outbound: false, ip: "10.0.0.1", link: DiscardingLink())
            var buffer = bytes
            let limit = GossipsubParameters().maxRPCBytes
            while let (length, used) = try? UVarint.decode(buffer), length <= UInt64(limit), buffer.count >= used + Int(length) {
                let body = Array(buffer[used..<used + Int(length)])
                buffer.removeFirst(used + Int(length))
                await router.receive(body, from: attacker)
            }
            await router.heartbeat()
            return await router.peerScore(attacker)
        }
    }
}
