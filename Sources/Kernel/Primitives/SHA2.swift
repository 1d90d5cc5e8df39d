import Crypto
import Foundation

/// SHA-256 and SHA-512 (FIPS 180-4) from swift-crypto, returning `[UInt8]`.
///
/// SHA-256 backs the ECIES KDF and MAC, PBKDF2/HKDF, MVDS ids, discv5.1 id signatures and libp2p
/// signatures (wire-facts §0.1); SHA-512 backs BIP-39/BIP-32.
public enum SHA2 {
    /// SHA-256 digest, 32 bytes.
    public static func sha256(_ data: some DataProtocol) -> [UInt8] { Array(SHA256.hash(data: data)) }
    /// SHA-512 digest, 64 bytes.
    public static func sha512(_ data: some DataProtocol) -> [UInt8] { Array(SHA512.hash(data: data)) }
}
