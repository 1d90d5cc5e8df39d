import Primitives

/// One gossipsub/floodsub RPC (libp2p/specs pubsub `rpc.proto`, gossipsub v1.1 control messages and the
/// v1.2 IDONTWANT): what peers exchange as `uvarint(length) ‖ RPC` on `/meshsub/1.1.0`, `/meshsub/1.0.0`
/// and `/floodsub/1.0.0` streams. Hand-written like the other libp2p messages here (`ProtoFields`): unknown
/// fields are skipped, truncated or mistyped fields are a `Libp2pCodecError`.
public struct PubsubRPC: Sendable, Equatable {
    public var subscriptions: [Subscription] = []
    public var publish: [Message] = []
    public var control: Control?

    public init(subscriptions: [Subscription] = [], publish: [Message] = [], control: Control? = nil) {
        self.subscriptions = subscriptions
        self.publish = publish
        self.control = control
    }

    /// `SubOpts`: join (`subscribe` true) or leave a topic.
    public struct Subscription: Sendable, Equatable {
        public var subscribe: Bool
        public var topic: String
        public init(subscribe: Bool, topic: String) { self.subscribe = subscribe; self.topic = topic }
    }

    /// A published message. Under StrictNoSign (Waku) only `data` and `topic` are set.
    public struct Message: Sendable, Equatable {
        public var from: [UInt8]?
        public var data: [UInt8]
        public var seqno: [UInt8]?
        public var topic: String
        public var signature: [UInt8]?
        public var key: [UInt8]?

        public init(from: [UInt8]? = nil, data: [UInt8], seqno: [UInt8]? = nil, topic: String,
                    signature: [UInt8]? = nil, key: [UInt8]? = nil) {
            self.from = from; self.data = data; self.seqno = seqno; self.topic = topic; self.signature = signature; self.key = key
        }

        /// True when none of the author fields StrictNoSign forbids is present.
        public var isUnsigned: Bool { from == nil && seqno == nil && signature == nil && key == nil }
    }

    /// `ControlMessage`: gossip (IHAVE/IWANT), mesh changes (GRAFT/PRUNE) and IDONTWANT.
    public struct Control: Sendable, Equatable {
        public var ihave: [IHave] = []
        public var iwant: [IWant] = []
        public var graft: [Graft] = []
        public var prune: [Prune] = []
        public var idontwant: [IWant] = []

        public init(ihave: [IHave] = [], iwant: [IWant] = [], graft: [Graft] = [], prune: [Prune] = [], idontwant: [IWant] = []) {
            self.ihave = ihave; self.iwant = iwant; self.graft = graft; self.prune = prune; self.idontwant = idontwant
        }

        public var isEmpty: Bool { ihave.isEmpty && iwant.isEmpty && graft.isEmpty && prune.isEmpty && idontwant.isEmpty }
    }

    public struct IHave: Sendable, Equatable {
        public var topic: String
        public var messageIDs: [[UInt8]]
        public init(topic: String, messageIDs: [[UInt8]]) { self.topic = topic; self.messageIDs = messageIDs }
    }

    /// IWANT, and (same shape) IDONTWANT.
    public struct IWant: Sendable, Equatable {
        public var messageIDs: [[UInt8]]
        public init(messageIDs: [[UInt8]]) { self.messageIDs = messageIDs }
    }

    public struct Graft: Sendable, Equatable {
        public var topic: String
        public init(topic: String) { self.topic = topic }
    }

    /// PRUNE with optional peer exchange and the backoff (seconds) the pruned peer must honour.
    public struct Prune: Sendable, Equatable {
        public var topic: String
        public var peers: [PeerInfo]
        public var backoff: UInt64?
        public init(topic: String, peers: [PeerInfo] = [], backoff: UInt64? = nil) {
            self.topic = topic; self.peers = peers; self.backoff = backoff
        }
    }

    public struct PeerInfo: Sendable, Equatable {
        public var peerID: [UInt8]?
        public var signedPeerRecord: [UInt8]?
        public init(peerID: [UInt8]?, signedPeerRecord: [UInt8]? = nil) { self.peerID = peerID; self.signedPeerRecord = signedPeerRecord }
    }

    public var isEmpty: Bool { subscriptions.isEmpty && publish.isEmpty && (control?.isEmpty ?? true) }
}

// MARK: encoding

extension PubsubRPC {
    public var bytes: [UInt8] {
        var w = ProtoWriter()
        for s in subscriptions {
            var sub = ProtoWriter()
            sub.varint(1, s.subscribe ? 1 : 0)
            sub.lengthDelimited(2, Array(s.topic.utf8))
            w.lengthDelimited(1, sub.bytes)
        }
        for m in publish { w.lengthDelimited(2, m.bytes) }
        if let control, !control.isEmpty { w.lengthDelimited(3, control.bytes) }
        return w.bytes
    }
}

extension PubsubRPC.Message {
    public var bytes: [UInt8] {
        var w = ProtoWriter()
        if let from { w.lengthDelimited(1, from) }
        w.lengthDelimited(2, data)
        if let seqno { w.lengthDelimited(3, seqno) }
        w.lengthDelimited(4, Array(topic.utf8))
        if let signature { w.lengthDelimited(5, signature) }
        if let key { w.lengthDelimited(6, key) }
        return w.bytes
    }
}

extension PubsubRPC.Control {
    public var bytes: [UInt8] {
        var w = ProtoWriter()
        for h in ihave {
            var m = ProtoWriter()
            m.lengthDelimited(1, Array(h.topic.utf8))
            for id in h.messageIDs { m.lengthDelimited(2, id) }
            w.lengthDelimited(1, m.bytes)
        }
        for want in iwant { w.lengthDelimited(2, Self.ids(want)) }
        for g in graft {
            var m = ProtoWriter()
            m.lengthDelimited(1, Array(g.topic.utf8))
            w.lengthDelimited(3, m.bytes)
        }
        for p in prune {
            var m = ProtoWriter()
            m.lengthDelimited(1, Array(p.topic.utf8))
            for peer in p.peers {
                var info = ProtoWriter()
                if let id = peer.peerID { info.lengthDelimited(1, id) }
                if let record = peer.signedPeerRecord { info.lengthDelimited(2, record) }
                m.lengthDelimited(2, info.bytes)
            }
            if let backoff = p.backoff { m.varint(3, backoff) }
            w.lengthDelimited(4, m.bytes)
        }
        for d in idontwant { w.lengthDelimited(5, Self.ids(d)) }
        return w.bytes
    }

    static func ids(_ want: PubsubRPC.IWant) -> [UInt8] {
        var m = ProtoWriter()
        for id in want.messageIDs { m.lengthDelimited(1, id) }
        return m.bytes
    }
}

// MARK: decoding

extension PubsubRPC {
    /// Decodes one RPC body (without its length prefix).
    public init(decoding bytes: some Collection<UInt8>) throws {
        self.init()
        for (field, value) in try ProtoReader.fields(bytes) {
            switch field {
            case 1:
                var subscribe = false
                var topic: String?
                for (f, v) in try ProtoReader.fields(try Self.message(value, "subscriptions")) {
                    if f == 1 { subscribe = try Self.varint(v, "SubOpts.subscribe") != 0 }
                    if f == 2 { topic = try Self.string(v, "SubOpts.topicid") }
                }
                guard let topic else { throw Libp2pCodecError.malformedProtobuf("SubOpts without a topic") }
                subscriptions.append(Subscription(subscribe: subscribe, topic: topic))
            case 2:
                publish.append(try Message(decoding: try Self.message(value, "publish")))
            case 3:
                control = try Control(decoding: try Self.message(value, "control"))
            default:
                continue
            }
        }
    }

    static func message(_ value: ProtoValue, _ name: String) throws -> [UInt8] {
        guard case .bytes(let b) = value else { throw Libp2pCodecError.malformedProtobuf("\(name) is not length-delimited") }
        return b
    }

    static func varint(_ value: ProtoValue, _ name: String) throws -> UInt64 {
        guard case .varint(let v) = value else { throw Libp2pCodecError.malformedProtobuf("\(name) is not a varint") }
        return v
    }

    static func string(_ value: ProtoValue, _ name: String) throws -> String {
        let b = try message(value, name)
        guard let s = String(validating: b, as: UTF8.self) else { throw Libp2pCodecError.malformedProtobuf("\(name) is not UTF-8") }
        return s
    }
}

extension PubsubRPC.Message {
    public init(decoding bytes: some Collection<UInt8>) throws {
        var from: [UInt8]?, data: [UInt8]?, seqno: [UInt8]?, topic: String?, signature: [UInt8]?, key: [UInt8]?
        for (field, value) in try ProtoReader.fields(bytes) {
            switch field {
            case 1: from = try PubsubRPC.message(value, "Message.from")
            case 2: data = try PubsubRPC.message(value, "Message.data")
            case 3: seqno = try PubsubRPC.message(value, "Message.seqno")
            case 4:
                // floodsub's `repeated string topicIDs = 4`; gossipsub v1.1 has one topic. Parley takes the first.
                let t = try PubsubRPC.string(value, "Message.topic")
                if topic == nil { topic = t }
            case 5: signature = try PubsubRPC.message(value, "Message.signature")
            case 6: key = try PubsubRPC.message(value, "Message.key")
            default: continue
            }
        }
        guard let topic else { throw Libp2pCodecError.malformedProtobuf("Message without a topic") }
        self.init(from: from, data: data ?? [], seqno: seqno, topic: topic, signature: signature, key: key)
    }
}

extension PubsubRPC.Control {
    public init(decoding bytes: some Collection<UInt8>) throws {
        self.init()
        for (field, value) in try ProtoReader.fields(bytes) {
            let body = try PubsubRPC.message(value, "ControlMessage field \(field)")
            switch field {
            case 1:
                var topic = "", ids: [[UInt8]] = []
                for (f, v) in try ProtoReader.fields(body) {
                    if f == 1 { topic = try PubsubRPC.string(v, "IHAVE.topicID") }
                    if f == 2 { ids.append(try PubsubRPC.message(v, "IHAVE.messageIDs")) }
                }
                ihave.append(PubsubRPC.IHave(topic: topic, messageIDs: ids))
            case 2: iwant.append(try Self.ids(body, "IWANT"))
            case 3:
                var topic = ""
                for (f, v) in try ProtoReader.fields(body) where f == 1 { topic = try PubsubRPC.string(v, "GRAFT.topicID") }
                graft.append(PubsubRPC.Graft(topic: topic))
            case 4:
                var prune = PubsubRPC.Prune(topic: "")
                for (f, v) in try ProtoReader.fields(body) {
                    switch f {
                    case 1: prune.topic = try PubsubRPC.string(v, "PRUNE.topicID")
                    case 2:
                        var info = PubsubRPC.PeerInfo(peerID: nil)
                        for (pf, pv) in try ProtoReader.fields(try PubsubRPC.message(v, "PRUNE.peers")) {
                            if pf == 1 { info.peerID = try PubsubRPC.message(pv, "PeerInfo.peerID") }
                            if pf == 2 { info.signedPeerRecord = try PubsubRPC.message(pv, "PeerInfo.signedPeerRecord") }
                        }
                        prune.peers.append(info)
                    case 3: prune.backoff = try PubsubRPC.varint(v, "PRUNE.backoff")
                    default: continue
                    }
                }
                self.prune.append(prune)
            case 5: idontwant.append(try Self.ids(body, "IDONTWANT"))
            default: continue
            }
        }
    }

    static func ids(_ body: [UInt8], _ name: String) throws -> PubsubRPC.IWant {
        var ids: [[UInt8]] = []
        for (f, v) in try ProtoReader.fields(body) where f == 1 { ids.append(try PubsubRPC.message(v, "\(name).messageIDs")) }
        return PubsubRPC.IWant(messageIDs: ids)
    }
}
