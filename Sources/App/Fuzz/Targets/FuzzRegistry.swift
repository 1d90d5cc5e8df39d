/// Every fuzz target by name. Exists so adding a decoder's target is one line here and one small file.
public enum FuzzRegistry {
    /// All targets, in the order `scripts/fuzz.sh --all` runs them.
    public static let all: [FuzzTarget] = {
        #if DEBUG
        let rlpx: [FuzzTarget] = [.rlpxAuth, .rlpxAck, .rlpxFrame]   // need @testable Devp2p (debug builds only)
        #else
        let rlpx: [FuzzTarget] = []
        #endif
        return [.rlp, .enr] + rlpx + [.snappy, .wakuEnvelope, .wakuDataField, .wakuStatus, .wakuMailserver, .pex,
                                      .profile, .payloads, .encryptionDecrypt]
    }()

    /// The target called `name`, or `nil`.
    public static func target(named name: String) -> FuzzTarget? {
        all.first { $0.name == name }
    }
}
