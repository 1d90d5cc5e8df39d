import Primitives

/// One symmetric chain of the ratchet: its current key and how many message keys it has produced.
public struct RatchetChain: Sendable, Equatable {
    /// 32-byte chain key. Secret.
    public internal(set) var key: [UInt8]
    /// Messages produced by (sending) or consumed from (receiving) this chain.
    public internal(set) var count: UInt32

    public init(key: [UInt8], count: UInt32) {
        self.key = key
        self.count = count
    }

    /// KDF_CK: returns the message key for position `count` and advances.
    mutating func step() -> [UInt8] {
        let next = RatchetKDF.chainStep(key)
        key = next.chainKey
        count &+= 1
        return next.messageKey
    }
}

/// The complete Double Ratchet state of one session, as a value (wire-facts §3.4; status-im/doubleratchet v3 `State`).
///
/// A value type so decryption can run on a copy and be committed only when it succeeds: a refused message
/// never changes the stored session. Skipped message keys live beside it (in a store or a `RatchetSession`).
public struct RatchetState: Sendable, Equatable {
    /// Root chain key. Secret.
    public internal(set) var rootKey: [UInt8]
    /// Sending chain (CKs, Ns).
    public internal(set) var sending: RatchetChain
    /// Receiving chain (CKr, Nr).
    public internal(set) var receiving: RatchetChain
    /// Our ratchet key pair (DHs).
    public internal(set) var localRatchetKey: PrivateKey
    /// The peer's current ratchet key (DHr, pub33); `nil` for a responder before the first message.
    public internal(set) var remoteRatchetKey: [UInt8]?
    /// Length of our previous sending chain (PN).
    public internal(set) var previousSendingCount: UInt32
    /// Message keys derived for decryption so far (skipped and used); orders skipped keys.
    public internal(set) var keysCount: UInt64

    /// Restores a state read from storage.
    public init(rootKey: [UInt8], sending: RatchetChain, receiving: RatchetChain, localRatchetKey: PrivateKey,
                remoteRatchetKey: [UInt8]?, previousSendingCount: UInt32, keysCount: UInt64) {
        self.rootKey = rootKey
        self.sending = sending
        self.receiving = receiving
        self.localRatchetKey = localRatchetKey
        self.remoteRatchetKey = remoteRatchetKey
        self.previousSendingCount = previousSendingCount
        self.keysCount = keysCount
    }

    /// The X3DH initiator's state: `RootCh.CK = SendCh.CK = RecvCh.CK = SK`, a fresh `DHs`, `DHr = SPK_B`, then
    /// `RK, SendCh = KDF_RK(SK, DH(DHs, SPK_B))` (doubleratchet `NewWithRemoteKey`).
    public static func initiator(sharedKey: [UInt8], remoteSignedPreKey: PublicKey,
                                 ratchetKey: PrivateKey = .generate()) throws(RatchetError) -> RatchetState {
        try validate(sharedKey)
        let dh = try agree(ratchetKey, remoteSignedPreKey)
        let root = RatchetKDF.rootStep(rootKey: sharedKey, dhOutput: dh)
        return RatchetState(rootKey: root.rootKey, sending: RatchetChain(key: root.chainKey, count: 0),
                            receiving: RatchetChain(key: sharedKey, count: 0), localRatchetKey: ratchetKey,
                            remoteRatchetKey: remoteSignedPreKey.compressed, previousSendingCount: 0, keysCount: 0)
    }

    /// The X3DH responder's state: all chains `SK`, `DHs = SPK_B`; the first message triggers a DH ratchet step
    /// (doubleratchet `New`).
    public static func responder(sharedKey: [UInt8], signedPreKey: PrivateKey) throws(RatchetError) -> RatchetState {
        try validate(sharedKey)
        return RatchetState(rootKey: sharedKey, sending: RatchetChain(key: sharedKey, count: 0),
                            receiving: RatchetChain(key: sharedKey, count: 0), localRatchetKey: signedPreKey,
                            remoteRatchetKey: nil, previousSendingCount: 0, keysCount: 0)
    }

    private static func validate(_ sharedKey: [UInt8]) throws(RatchetError) {
        guard sharedKey.count == 32, sharedKey.contains(where: { $0 != 0 }) else { throw .invalidSharedKey }
    }

    /// `DH(pair, pub)` = ECDH_x.
    static func agree(_ key: PrivateKey, _ peer: PublicKey) throws(RatchetError) -> [UInt8] {
        do { return try key.sharedSecretX(with: peer) } catch { throw .keyAgreementFailed("\(error)") }
    }

    /// The DH ratchet step on receiving a new ratchet key: `PN = Ns`, `DHr = key`,
    /// `RK, RecvCh = KDF_RK(RK, DH(DHs, DHr))`, new `DHs`, `RK, SendCh = KDF_RK(RK, DH(DHs, DHr))`.
    mutating func ratchetStep(to remoteKey: [UInt8], newLocalKey: PrivateKey = .generate()) throws(RatchetError) {
        let remote: PublicKey
        do { remote = try PublicKey(bytes: remoteKey) } catch { throw .invalidRatchetKey(length: remoteKey.count) }
        previousSendingCount = sending.count
        remoteRatchetKey = remoteKey
        let receivingRoot = RatchetKDF.rootStep(rootKey: rootKey, dhOutput: try Self.agree(localRatchetKey, remote))
        rootKey = receivingRoot.rootKey
        receiving = RatchetChain(key: receivingRoot.chainKey, count: 0)
        localRatchetKey = newLocalKey
        let sendingRoot = RatchetKDF.rootStep(rootKey: rootKey, dhOutput: try Self.agree(localRatchetKey, remote))
        rootKey = sendingRoot.rootKey
        sending = RatchetChain(key: sendingRoot.chainKey, count: 0)
    }
}

extension RatchetState: CustomStringConvertible {
    /// Counters and public keys only — never key material.
    public var description: String {
        let remote = remoteRatchetKey.map { Hex.encode($0) } ?? "none"
        return "RatchetState(Ns: \(sending.count), Nr: \(receiving.count), PN: \(previousSendingCount), "
            + "keys: \(keysCount), DHs: \(Hex.encode(localRatchetKey.publicKey.compressed)), DHr: \(remote))"
    }
}
