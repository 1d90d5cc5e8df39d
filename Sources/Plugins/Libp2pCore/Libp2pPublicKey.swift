import Crypto
import Primitives

/// The libp2p key types (`KeyType` in libp2p/specs peer-ids): the protobuf enum values.
public enum Libp2pKeyType: UInt64, Sendable {
    case rsa = 0, ed25519 = 1, secp256k1 = 2, ecdsa = 3
}

/// A peer's public identity key as libp2p serializes it: `PublicKey {1 Type; 2 Data}`, where Data is the
/// compressed 33-byte point for secp256k1 and the raw 32-byte key for Ed25519.
///
/// Exists because peer ids, Noise handshake payloads and identify records all carry this protobuf,
/// and signatures made with it must verify the way go-/py-libp2p make them.
public enum Libp2pPublicKey: Hashable, Sendable {
    case secp256k1(PublicKey)
    case ed25519([UInt8])

    public var keyType: Libp2pKeyType {
        switch self {
        case .secp256k1: return .secp256k1
        case .ed25519: return .ed25519
        }
    }

    /// The key's `Data` field.
    public var data: [UInt8] {
        switch self {
        case .secp256k1(let key): return key.compressed
        case .ed25519(let raw): return raw
        }
    }

    /// The canonical protobuf encoding (field 1 then field 2), the input to peer-id derivation.
    public var protobuf: [UInt8] {
        var writer = ProtoWriter()
        writer.varint(1, keyType.rawValue)
        writer.lengthDelimited(2, data)
        return writer.bytes
    }

    /// Decodes a `PublicKey` protobuf; both fields are required and the key must be valid for its type.
    public init(protobuf: some Collection<UInt8>) throws {
        var type: UInt64?
        var data: [UInt8]?
        for (field, value) in try ProtoReader.fields(protobuf) {
            switch (field, value) {
            case (1, .varint(let v)): type = v
            case (2, .bytes(let b)): data = b
            case (1, _), (2, _): throw Libp2pCodecError.malformedProtobuf("PublicKey field \(field) has the wrong wire type")
            default: continue
            }
        }
        guard let type, let data else { throw Libp2pCodecError.malformedProtobuf("PublicKey needs both Type (1) and Data (2)") }
        try self.init(type: type, data: data)
    }

    public init(type: UInt64, data: [UInt8]) throws {
        switch Libp2pKeyType(rawValue: type) {
        case .secp256k1:
            guard data.count == 33 else { throw Libp2pCodecError.invalidKey("secp256k1 Data must be the 33-byte compressed point, got \(data.count)") }
            do { self = .secp256k1(try PublicKey(bytes: data)) } catch {
                throw Libp2pCodecError.invalidKey("\(error)")
            }
        case .ed25519:
            guard data.count == 32, (try? Curve25519.Signing.PublicKey(rawRepresentation: data)) != nil else {
                throw Libp2pCodecError.invalidKey("Ed25519 Data must be 32 bytes, got \(data.count)")
            }
            self = .ed25519(data)
        default:
            throw Libp2pCodecError.unsupportedKeyType(type)
        }
    }

    /// Verifies a signature the way libp2p defines it for the key type: Ed25519 over the message,
    /// secp256k1 DER ECDSA over SHA-256(message).
    public func verify(signature: [UInt8], message: [UInt8]) -> Bool {
        switch self {
        case .secp256k1(let key):
            return key.verifyDER(signature: signature, digest: SHA2.sha256(message))
        case .ed25519(let raw):
            guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else { return false }
            return key.isValidSignature(signature, for: message)
        }
    }
}

/// This node's libp2p identity key: the node's secp256k1 key by default, or an Ed25519 key.
public enum Libp2pIdentityKey: Sendable {
    case secp256k1(PrivateKey)
    case ed25519(Curve25519.Signing.PrivateKey)

    public var publicKey: Libp2pPublicKey {
        switch self {
        case .secp256k1(let key): return .secp256k1(key.publicKey)
        case .ed25519(let key): return .ed25519(Array(key.publicKey.rawRepresentation))
        }
    }

    public var peerID: Libp2pPeerID { Libp2pPeerID(publicKey: publicKey) }

    /// A libp2p signature over `message` (see `Libp2pPublicKey.verify`).
    public func sign(_ message: [UInt8]) throws -> [UInt8] {
        switch self {
        case .secp256k1(let key): return try key.signDER(digest: SHA2.sha256(message))
        case .ed25519(let key): return Array(try key.signature(for: message))
        }
    }

    /// Decodes a `PrivateKey` protobuf: secp256k1 Data is the 32-byte scalar; Ed25519 Data is
    /// seed ‖ public (64 bytes) or the legacy seed ‖ public ‖ public (96), whose halves must agree.
    public init(protobuf: some Collection<UInt8>) throws {
        var type: UInt64?
        var data: [UInt8]?
        for (field, value) in try ProtoReader.fields(protobuf) {
            if field == 1, case .varint(let v) = value { type = v }
            if field == 2, case .bytes(let b) = value { data = b }
        }
        guard let type, let data else { throw Libp2pCodecError.malformedProtobuf("PrivateKey needs both Type (1) and Data (2)") }
        switch Libp2pKeyType(rawValue: type) {
        case .secp256k1:
            do { self = .secp256k1(try PrivateKey(rawBytes: data)) } catch { throw Libp2pCodecError.invalidKey("\(error)") }
        case .ed25519:
            guard data.count == 64 || (data.count == 96 && data[32..<64] == data[64..<96]) else {
                throw Libp2pCodecError.invalidKey("Ed25519 private Data must be seed‖public (64 bytes), got \(data.count)")
            }
            guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: data[0..<32]),
                  Array(key.publicKey.rawRepresentation) == Array(data[32..<64]) else {
                throw Libp2pCodecError.invalidKey("Ed25519 private Data's public half does not match its seed")
            }
            self = .ed25519(key)
        default:
            throw Libp2pCodecError.unsupportedKeyType(type)
        }
    }

    public var protobuf: [UInt8] {
        var writer = ProtoWriter()
        switch self {
        case .secp256k1(let key):
            writer.varint(1, Libp2pKeyType.secp256k1.rawValue)
            writer.lengthDelimited(2, key.rawBytes)
        case .ed25519(let key):
            writer.varint(1, Libp2pKeyType.ed25519.rawValue)
            writer.lengthDelimited(2, Array(key.rawRepresentation) + Array(key.publicKey.rawRepresentation))
        }
        return writer.bytes
    }
}
