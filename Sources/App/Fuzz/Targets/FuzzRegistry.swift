/// Every fuzz target by name. Exists so adding a decoder's target is one line here and one small file.
public enum FuzzRegistry {
    /// All targets, in the order `scripts/fuzz.sh --all` runs them.
    public static let all: [FuzzTarget] = {
        #if DEBUG
        let rlpx: [FuzzTarget] = [.rlpxAuth, .rlpxAck, .rlpxFrame]   // need @testable Devp2p (debug builds only)
        let libp2pStreams: [FuzzTarget] = [.multistream, .noise]      // need @testable Libp2p / Libp2pCore
        let rendezvous: [FuzzTarget] = [.rendezvous]                  // needs @testable Libp2p / Rendezvous
        #else
        let rlpx: [FuzzTarget] = []
        let libp2pStreams: [FuzzTarget] = []
        let rendezvous: [FuzzTarget] = []
        #endif
        let wave1: [FuzzTarget] = [.rlp, .enr] + rlpx + [.snappy, .wakuEnvelope, .wakuDataField, .wakuStatus, .wakuMailserver, .pex,
                                                         .profile, .payloads, .encryptionDecrypt]
        // Wave 2 (issue 19 item 6): discv5, the libp2p transport's decoders, gossipsub, rendezvous.
        let wave2: [FuzzTarget] = [.discv5Packet] + libp2pStreams + [.yamux, .mplex, .libp2pIdentify, .gossipsubRPC] + rendezvous
        return wave1 + wave2
    }()

    /// The target called `name`, or `nil`.
    public static func target(named name: String) -> FuzzTarget? {
        all.first { $0.name == name }
    }
}
