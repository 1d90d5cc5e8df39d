/// The libp2p Noise handshake payload (libp2p/specs noise): `NoiseHandshakePayload {1 identity_key;
/// 2 identity_sig; 4 extensions}`, where `identity_sig` signs `"noise-libp2p-static-key:" ‖ static X25519 key`
/// with the identity key. It binds the Noise static key to the libp2p peer id.
public struct NoiseHandshakePayload: Sendable, Equatable {
    public static let signaturePrefix = Array("noise-libp2p-static-key:".utf8)

    public var identityKey: [UInt8]
    public var identitySignature: [UInt8]

    public init(identityKey: [UInt8], identitySignature: [UInt8]) {
        self.identityKey = identityKey
        self.identitySignature = identitySignature
    }

    /// The payload this node sends: its key protobuf and a signature over its Noise static key.
    public static func signed(by identity: Libp2pIdentityKey, staticKey: [UInt8]) throws -> NoiseHandshakePayload {
        NoiseHandshakePayload(identityKey: identity.publicKey.protobuf,
                              identitySignature: try identity.sign(signaturePrefix + staticKey))
    }

    public var bytes: [UInt8] {
        var writer = ProtoWriter()
        writer.lengthDelimited(1, identityKey)
        writer.lengthDelimited(2, identitySignature)
        return writer.bytes
    }

    public init(decoding bytes: [UInt8]) throws {
        var key: [UInt8]?, signature: [UInt8]?
        let fields: [(field: UInt64, value: ProtoValue)]
        do { fields = try ProtoReader.fields(bytes) } catch { throw NoiseError.badPayload("\(error)") }
        for (field, value) in fields {
            if field == 1, case .bytes(let b) = value { key = b }
            if field == 2, case .bytes(let b) = value { signature = b }
        }
        guard let key, let signature else { throw NoiseError.badPayload("identity_key (1) and identity_sig (2) are required") }
        self.init(identityKey: key, identitySignature: signature)
    }

    /// Checks the signature over the remote's Noise static key and returns the remote's peer id.
    /// - Parameter expected: the peer id the dialler asked for, if any; a different proven id is an error.
    public func verify(remoteStatic: [UInt8], expected: Libp2pPeerID?) throws -> (Libp2pPublicKey, Libp2pPeerID) {
        let key: Libp2pPublicKey
        do { key = try Libp2pPublicKey(protobuf: identityKey) } catch { throw NoiseError.badPayload("identity_key: \(error)") }
        guard key.verify(signature: identitySignature, message: Self.signaturePrefix + remoteStatic) else { throw NoiseError.badSignature }
        let id = Libp2pPeerID(publicKey: key)
        if let expected, expected != id { throw NoiseError.peerIDMismatch(expected: expected.base58, got: id.base58) }
        return (key, id)
    }
}
