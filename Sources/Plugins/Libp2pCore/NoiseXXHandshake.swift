import Crypto

/// The Noise XX handshake (`Noise_XX_25519_ChaChaPoly_SHA256`), sans I/O:
///
///     -> e
///     <- e, ee, s, es
///     -> s, se
///
/// Each side calls `writeMessage` / `readMessage` in turn; after the third message `split()` gives the
/// transport ciphers (initiator sends with the first). Keys may be fixed for test vectors.
public struct NoiseXXHandshake: Sendable {
    public static let protocolName = "Noise_XX_25519_ChaChaPoly_SHA256"
    static let dhLength = 32

    public let isInitiator: Bool
    let staticKey: Curve25519.KeyAgreement.PrivateKey
    let ephemeralKey: Curve25519.KeyAgreement.PrivateKey
    var symmetric: NoiseSymmetricState
    /// Messages written or read so far (0…3).
    public private(set) var step = 0
    public private(set) var remoteEphemeral: [UInt8]?
    /// The remote's static X25519 key, known after message 2 (initiator) or 3 (responder).
    public private(set) var remoteStatic: [UInt8]?

    public init(initiator: Bool, staticKey: Curve25519.KeyAgreement.PrivateKey,
                ephemeralKey: Curve25519.KeyAgreement.PrivateKey = .init(), prologue: [UInt8] = []) {
        isInitiator = initiator
        self.staticKey = staticKey
        self.ephemeralKey = ephemeralKey
        symmetric = NoiseSymmetricState(protocolName: Self.protocolName)
        symmetric.mixHash(prologue)
    }

    public var handshakeHash: [UInt8] { symmetric.handshakeHash }
    public var isComplete: Bool { step == 3 }
    public var localStaticPublicKey: [UInt8] { Array(staticKey.publicKey.rawRepresentation) }

    /// Whether the next message is ours to write.
    public var isOurTurn: Bool { (step % 2 == 0) == isInitiator }

    static func dh(_ local: Curve25519.KeyAgreement.PrivateKey, _ remote: [UInt8]) throws -> [UInt8] {
        guard let key = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: remote),
              let secret = try? local.sharedSecretFromKeyAgreement(with: key) else { throw NoiseError.invalidPublicKey }
        return secret.withUnsafeBytes { Array($0) }
    }

    public mutating func writeMessage(payload: [UInt8]) throws -> [UInt8] {
        guard step < 3, isOurTurn else { throw NoiseError.handshakeOutOfOrder("write at step \(step)") }
        var out: [UInt8] = []
        switch step {
        case 0:   // -> e
            let e = Array(ephemeralKey.publicKey.rawRepresentation)
            symmetric.mixHash(e)
            out += e
        case 1:   // <- e, ee, s, es
            let e = Array(ephemeralKey.publicKey.rawRepresentation)
            symmetric.mixHash(e)
            out += e
            symmetric.mixKey(try Self.dh(ephemeralKey, remoteEphemeral!))
            out += try symmetric.encryptAndHash(localStaticPublicKey)
            symmetric.mixKey(try Self.dh(staticKey, remoteEphemeral!))
        default:  // -> s, se
            out += try symmetric.encryptAndHash(localStaticPublicKey)
            symmetric.mixKey(try Self.dh(staticKey, remoteEphemeral!))
        }
        out += try symmetric.encryptAndHash(payload)
        step += 1
        return out
    }

    public mutating func readMessage(_ message: [UInt8]) throws -> [UInt8] {
        guard step < 3, !isOurTurn else { throw NoiseError.handshakeOutOfOrder("read at step \(step)") }
        var rest = message[...]
        func take(_ count: Int) throws -> [UInt8] {
            guard rest.count >= count else { throw NoiseError.messageTooShort(expected: message.count - rest.count + count, got: message.count) }
            defer { rest = rest.dropFirst(count) }
            return Array(rest.prefix(count))
        }
        switch step {
        case 0:
            let e = try take(Self.dhLength)
            remoteEphemeral = e
            symmetric.mixHash(e)
        case 1:
            let e = try take(Self.dhLength)
            remoteEphemeral = e
            symmetric.mixHash(e)
            symmetric.mixKey(try Self.dh(ephemeralKey, e))
            let s = try symmetric.decryptAndHash(try take(Self.dhLength + NoiseCipherState.tagLength))
            remoteStatic = s
            symmetric.mixKey(try Self.dh(ephemeralKey, s))
        default:
            let s = try symmetric.decryptAndHash(try take(Self.dhLength + NoiseCipherState.tagLength))
            remoteStatic = s
            symmetric.mixKey(try Self.dh(ephemeralKey, s))
        }
        let payload = try symmetric.decryptAndHash(Array(rest))
        step += 1
        return payload
    }

    /// The transport ciphers: (send, receive) for this side.
    public func split() throws -> (send: NoiseCipherState, receive: NoiseCipherState) {
        guard isComplete else { throw NoiseError.handshakeOutOfOrder("split before the handshake finished") }
        let (c1, c2) = symmetric.split()
        return isInitiator ? (c1, c2) : (c2, c1)
    }
}
