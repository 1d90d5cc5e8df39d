// RLPx handshake messages (ethereum/devp2p rlpx.md, EIP-8; wire-facts §1.1): the initiator's auth and the
// recipient's ack, in the EIP-8 (RLP, padded, size-prefixed) and legacy (fixed-size) formats.
import Primitives

/// Which packet layout a handshake message used; a recipient answers in kind.
public enum RLPxHandshakeFormat: Sendable, Equatable {
    case eip8
    case legacy
}

/// Why a handshake packet was refused.
public enum RLPxHandshakeError: Error, Equatable, CustomStringConvertible {
    case undecryptable(String)
    case malformedBody(String)
    case badSignature
    case oversized(Int)
    case identityMismatch

    public var description: String {
        switch self {
        case .undecryptable(let why): return "handshake packet could not be decrypted (\(why)): wrong node key or corrupted data"
        case .malformedBody(let why): return "handshake body is malformed: \(why)"
        case .badSignature: return "handshake signature does not recover to a valid ephemeral key"
        case .oversized(let size): return "handshake packet of \(size) bytes exceeds the limit"
        case .identityMismatch: return "the remote is not the node we dialled"
        }
    }
}

/// The initiator's first message: who it is, its nonce, and a signature proving its ephemeral key.
struct AuthMessage: Equatable {
    var signature: [UInt8]          // 65, R‖S‖V over (static-shared-secret XOR nonce)
    var initiatorPublicKey: [UInt8] // pub64
    var nonce: [UInt8]              // 32
    var version: UInt64

    static let legacyBodySize = 194

    func eip8Body(padding: [UInt8]) -> [UInt8] {
        RLP.encode(.list([.bytes(signature), .bytes(initiatorPublicKey), .bytes(nonce), .uint(version)])) + padding
    }

    func legacyBody(ephemeralPublicKeyHash: [UInt8]) -> [UInt8] {
        signature + ephemeralPublicKeyHash + initiatorPublicKey + nonce + [0x00]
    }

    static func decodeEIP8(_ body: [UInt8]) throws -> AuthMessage {
        do {
            let items = try RLP.decode(body, strict: false).asList()
            guard items.count >= 4 else { throw RLPxHandshakeError.malformedBody("auth has \(items.count) items, need 4") }
            let message = AuthMessage(signature: try items[0].asBytes(), initiatorPublicKey: try items[1].asBytes(),
                                      nonce: try items[2].asBytes(), version: try items[3].asUInt64())
            try message.validate()
            return message
        } catch let error as RLPxHandshakeError {
            throw error
        } catch {
            throw RLPxHandshakeError.malformedBody("auth: \(error)")
        }
    }

    static func decodeLegacy(_ body: [UInt8]) throws -> AuthMessage {
        guard body.count == legacyBodySize else {
            throw RLPxHandshakeError.malformedBody("legacy auth body is \(body.count) bytes, expected \(legacyBodySize)")
        }
        let message = AuthMessage(signature: Array(body[0..<65]), initiatorPublicKey: Array(body[97..<161]),
                                  nonce: Array(body[161..<193]), version: UInt64(body[193]))
        try message.validate()
        return message
    }

    func validate() throws {
        guard signature.count == 65 else { throw RLPxHandshakeError.malformedBody("signature is \(signature.count) bytes") }
        guard initiatorPublicKey.count == 64 else { throw RLPxHandshakeError.malformedBody("initiator key is \(initiatorPublicKey.count) bytes") }
        guard nonce.count == 32 else { throw RLPxHandshakeError.malformedBody("nonce is \(nonce.count) bytes") }
    }
}

/// The recipient's answer: its ephemeral key and nonce.
struct AckMessage: Equatable {
    var ephemeralPublicKey: [UInt8] // pub64
    var nonce: [UInt8]              // 32
    var version: UInt64

    static let legacyBodySize = 97

    func eip8Body(padding: [UInt8]) -> [UInt8] {
        RLP.encode(.list([.bytes(ephemeralPublicKey), .bytes(nonce), .uint(version)])) + padding
    }

    var legacyBody: [UInt8] { ephemeralPublicKey + nonce + [0x00] }

    static func decodeEIP8(_ body: [UInt8]) throws -> AckMessage {
        do {
            let items = try RLP.decode(body, strict: false).asList()
            guard items.count >= 3 else { throw RLPxHandshakeError.malformedBody("ack has \(items.count) items, need 3") }
            let message = AckMessage(ephemeralPublicKey: try items[0].asBytes(), nonce: try items[1].asBytes(),
                                     version: try items[2].asUInt64())
            try message.validate()
            return message
        } catch let error as RLPxHandshakeError {
            throw error
        } catch {
            throw RLPxHandshakeError.malformedBody("ack: \(error)")
        }
    }

    static func decodeLegacy(_ body: [UInt8]) throws -> AckMessage {
        guard body.count == legacyBodySize else {
            throw RLPxHandshakeError.malformedBody("legacy ack body is \(body.count) bytes, expected \(legacyBodySize)")
        }
        let message = AckMessage(ephemeralPublicKey: Array(body[0..<64]), nonce: Array(body[64..<96]), version: UInt64(body[96]))
        try message.validate()
        return message
    }

    func validate() throws {
        guard ephemeralPublicKey.count == 64 else { throw RLPxHandshakeError.malformedBody("ephemeral key is \(ephemeralPublicKey.count) bytes") }
        guard nonce.count == 32 else { throw RLPxHandshakeError.malformedBody("nonce is \(nonce.count) bytes") }
    }
}
