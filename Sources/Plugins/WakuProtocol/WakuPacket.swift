import Kernel

/// The `waku/1` RLPx capability (wire-facts §2.1, errata #12): name `waku`, version 1, 128 message codes.
public enum WakuCapability {
    /// `waku/1`.
    public static let id = ProtocolID(name: "waku", version: 1)
    /// Capability length (size of the message-code space).
    public static let messageCodeCount: UInt = 128
}
