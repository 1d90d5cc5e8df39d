/// The constants status-go v0.62 uses in its secure transport (wire-facts §3.1, §3.2, §3.6), in one place so the
/// protocol code, the stores and the tests agree on them.
public enum SecureChannelConstants {
    /// Protocol version advertised in our own `SignedPreKey.protocol_version`.
    public static let protocolVersion: UInt32 = 1
    /// Minimum advertised version for which a shared secret is recorded on receipt (§3.7).
    public static let sharedSecretNegotiationVersion: UInt32 = 1
    /// Minimum version of every target installation for the partitioned topic (§2.7).
    public static let partitionedTopicMinVersion: UInt32 = 1
    /// The `direct_message` key of the "none" DH fallback.
    public static let noInstallationID = "none"
    /// Installations per identity that receive messages, our own included.
    public static let maxInstallations = 3
    /// A bundle older than this (24 h, in nanoseconds) gets a fresh signed pre-key and version + 1.
    public static let bundleRefreshIntervalNanoseconds: Int64 = 86_400_000 * 1_000_000
}
