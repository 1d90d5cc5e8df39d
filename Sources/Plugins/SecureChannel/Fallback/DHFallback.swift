import Crypto
import Foundation
import Primitives

/// The "none" fallback of wire-facts §3.5 (status-go `encryptWithDH`): used when no bundle of the recipient is known,
/// for pairing and for empty bundle re-advertisements. `DHHeader{key = pub33(ephemeral)}` and
/// `AES-256-GCM(key = ECDH_x(ephemeral, IK_B))` laid out `ct ‖ tag(16) ‖ nonce(12)`. No forward secrecy.
public enum DHFallback {
    static let nonceLength = 12
    static let tagLength = 16

    /// Encrypts `payload` (may be empty) to the recipient's identity key with a fresh ephemeral key.
    public static func encrypt(_ payload: [UInt8], to recipient: PublicKey,
                               ephemeral: PrivateKey = .generate()) throws(DHFallbackError) -> Encryption_DirectMessageProtocol {
        let key: [UInt8]
        do { key = try ephemeral.sharedSecretX(with: recipient) } catch { throw .keyAgreementFailed("\(error)") }
        let nonce = SecureRandom.bytes(nonceLength)
        var sealed: [UInt8]
        do {
            let box = try AES.GCM.seal(payload, using: SymmetricKey(data: key), nonce: AES.GCM.Nonce(data: nonce))
            sealed = Array(box.ciphertext) + Array(box.tag)
        } catch {
            throw .backend("\(error)")
        }
        sealed += nonce
        var message = Encryption_DirectMessageProtocol()
        message.dhHeader.key = Data(ephemeral.publicKey.compressed)
        message.payload = Data(sealed)
        return message
    }

    /// Decrypts a "none" entry with our identity key.
    public static func decrypt(_ message: Encryption_DirectMessageProtocol,
                               identity: PrivateKey) throws(DHFallbackError) -> [UInt8] {
        let keyBytes = message.dhHeader.key
        guard keyBytes.count == 33, let ephemeral = try? PublicKey(bytes: keyBytes) else {
            throw .invalidEphemeralKey(length: keyBytes.count)
        }
        let sealed = Array(message.payload)
        guard sealed.count >= nonceLength + tagLength else { throw .tooShort(sealed.count) }
        let key: [UInt8]
        do { key = try identity.sharedSecretX(with: ephemeral) } catch { throw .keyAgreementFailed("\(error)") }
        let nonceStart = sealed.count - nonceLength
        do {
            let box = try AES.GCM.SealedBox(nonce: AES.GCM.Nonce(data: sealed[nonceStart...]),
                                            ciphertext: sealed[0..<(nonceStart - tagLength)],
                                            tag: sealed[(nonceStart - tagLength)..<nonceStart])
            return Array(try AES.GCM.open(box, using: SymmetricKey(data: key)))
        } catch {
            throw .authenticationFailed
        }
    }
}

/// Why a "none" fallback message could not be built or read.
public enum DHFallbackError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `DHHeader.key` is not a 33-byte compressed secp256k1 key.
    case invalidEphemeralKey(length: Int)
    /// Shorter than tag + nonce (28 bytes).
    case tooShort(Int)
    /// The GCM tag does not verify: not for our identity, or altered.
    case authenticationFailed
    /// ECDH failed.
    case keyAgreementFailed(String)
    /// swift-crypto reported an error.
    case backend(String)

    public var description: String {
        switch self {
        case .invalidEphemeralKey(let length):
            return "DH header key must be a 33-byte compressed secp256k1 key, got \(length) bytes"
        case .tooShort(let count):
            return "DH fallback payload is \(count) bytes; it needs at least 28 (16-byte tag + 12-byte nonce)"
        case .authenticationFailed:
            return "DH fallback authentication failed: not encrypted to this identity, or altered in transit"
        case .keyAgreementFailed(let message):
            return "DH fallback key agreement failed: \(message)"
        case .backend(let message):
            return "AES-GCM failed in swift-crypto: \(message)"
        }
    }
}
