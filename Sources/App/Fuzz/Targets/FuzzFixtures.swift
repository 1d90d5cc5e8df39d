import Primitives

/// The fixed keys every target uses (the EIP-8 test-vector keys), so a crashing input replays the same
/// way on any machine.
public enum FuzzFixtures {
    /// EIP-8 key A (the handshake initiator; also the "sender" of messages to B).
    public static let keyA = key("49a7b37aa6f6645917e7b807e9d1c00d4fa71f18343b0d4122a4d2df64dd6fee")
    /// EIP-8 key B (the handshake recipient; the local node in every target).
    public static let keyB = key("b71c71a67e1177ad4e901695e1b4b9ee17ae16c6668d313eac2f96dbcda3f291")
    /// EIP-8 ephemeral key of A.
    public static let ephemeralA = key("869d6ecf5211f1cc60418a13b9d870b22959d0c16f02bec714c960dd2298a32d")
    /// EIP-8 ephemeral key of B.
    public static let ephemeralB = key("e238eb8e04fee6511ab04c6dd3c89ce097b11f25d584863ac2b6d5b35b1847e4")
    /// EIP-8 nonce of A.
    public static let nonceA = bytes("7e968bba13b6c50e2c4cd7f241cc0d64d1ac25c7f5952df231ac6a2bda8ee5d6")
    /// EIP-8 nonce of B.
    public static let nonceB = bytes("559aead08264d5795d3909718cdd05abd49572e84fe55590eef31a88a08fdffd")
    /// A fixed "now" (2020-09-13) for time-dependent checks.
    public static let now: UInt32 = 1_600_000_000

    static func key(_ hex: String) -> PrivateKey {
        guard let key = try? PrivateKey(rawBytes: bytes(hex)) else { fatalError("fixture key \(hex) is invalid") }
        return key
    }

    static func bytes(_ hex: String) -> [UInt8] {
        guard let bytes = try? Hex.decode(hex) else { fatalError("fixture hex \(hex) is invalid") }
        return bytes
    }
}
