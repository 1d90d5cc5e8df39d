/// What a Double Ratchet session was built from (status-go `ratchet_info_v2`): the X3DH secret, the bundle id
/// it used and, for an initiator, the ephemeral key to repeat in `X3DHHeader` until the peer answers.
public struct RatchetInfo: Sendable, Equatable {
    /// The peer identity, pub33.
    public let identity: [UInt8]
    /// The responder's signed pre-key (pub33): theirs if we initiated, ours if they did.
    public let bundleID: [UInt8]
    /// The peer's installation id.
    public let installationID: String
    /// The X3DH shared secret `SK`. Secret.
    public let sharedKey: [UInt8]
    /// `EK_A` (pub33) while no DR message has come back; `nil` once confirmed, and always for a responder.
    public var ephemeralKey: [UInt8]?
    /// When the session was set up (UNIX ns); the newest active session is used for sending.
    public let createdAt: Int64

    public init(identity: [UInt8], bundleID: [UInt8], installationID: String, sharedKey: [UInt8],
                ephemeralKey: [UInt8]?, createdAt: Int64) {
        self.identity = identity
        self.bundleID = bundleID
        self.installationID = installationID
        self.sharedKey = sharedKey
        self.ephemeralKey = ephemeralKey
        self.createdAt = createdAt
    }

    /// Local session id: `bundle id ‖ utf8(installation id)` (wire-facts §3.4).
    public var sessionID: [UInt8] { bundleID + Array(installationID.utf8) }
}
