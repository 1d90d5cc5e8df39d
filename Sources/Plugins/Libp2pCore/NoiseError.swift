/// Why a Noise handshake or transport message failed. Every case ends the connection.
public enum NoiseError: Error, Equatable, Sendable, CustomStringConvertible {
    case decryptFailed
    case messageTooShort(expected: Int, got: Int)
    case frameTooLarge(Int)
    case invalidPublicKey
    case nonceExhausted
    case handshakeOutOfOrder(String)
    case badPayload(String)
    case badSignature
    case peerIDMismatch(expected: String, got: String)

    public var description: String {
        switch self {
        case .decryptFailed: return "Noise message failed authentication (wrong key or tampered bytes)"
        case .messageTooShort(let expected, let got): return "Noise handshake message has \(got) bytes, needs at least \(expected)"
        case .frameTooLarge(let size): return "Noise frame of \(size) bytes exceeds the 65535-byte maximum"
        case .invalidPublicKey: return "Noise peer sent an invalid X25519 public key"
        case .nonceExhausted: return "Noise cipher nonce exhausted; the connection must be re-established"
        case .handshakeOutOfOrder(let why): return "Noise handshake used out of order: \(why)"
        case .badPayload(let why): return "Noise handshake payload is malformed: \(why)"
        case .badSignature: return "the peer's identity key did not sign its Noise static key (\"noise-libp2p-static-key:\")"
        case .peerIDMismatch(let expected, let got): return "dialled peer \(expected) but the Noise handshake proved \(got)"
        }
    }
}
