/// The release this binary is, for `parley --version`, `ctl status`, the API's `web3_clientVersion`
/// and the metrics' build-info gauge: one place so every surface reports the same string.
public enum ParleyVersion {
    /// Semantic version of the node (matches the devp2p client id and the libp2p agent version).
    public static let current = "0.1.0"
    /// The status-go release whose wire formats this node speaks.
    public static let wireTarget = "status-go v0.62"
    /// `parley/0.1.0`, the form a client version string takes.
    public static var clientVersion: String { "parley/\(current)" }
}
