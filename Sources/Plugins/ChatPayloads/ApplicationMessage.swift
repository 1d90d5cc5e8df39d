import Foundation
import Primitives

/// The AMM `type` field (wire-facts §5.2 table). Values outside the enum decode as `.UNRECOGNIZED(n)`.
public typealias ApplicationMessageType = Protobuf_ApplicationMetadataMessage.TypeEnum

/// Signing and opening ApplicationMetadataMessages, the signed wrapper around every Status payload
/// (wire-facts §5.1/§5.2). Exists so the signature rule (`Sign65(keccak256(payload))` with the identity key)
/// and the message-id rule live in one place for senders and receivers.
public enum ApplicationMessage {
    /// Signs `payload` with `signer` and wraps it as an AMM of `type`.
    public static func wrap(_ payload: [UInt8], type: ApplicationMessageType,
                            signer: PrivateKey) throws(ApplicationMessageError) -> WrappedApplicationMessage {
        let signature: RecoverableSignature
        do {
            signature = try signer.signRecoverable(digest: Keccak256.hash(payload))
        } catch {
            throw .signingFailed(String(describing: error))
        }
        var amm = Protobuf_ApplicationMetadataMessage()
        amm.signature = .init(signature.bytes)
        amm.payload = .init(payload)
        amm.type = type
        switch amm.encodedBytes() {
        case .success(let bytes):
            return WrappedApplicationMessage(bytes: bytes, type: type,
                                             id: MessageID(author: signer.publicKey, wrapped: bytes))
        case .failure(let failure):
            throw .encodingFailed(failure)
        }
    }

    /// Encodes a typed payload and wraps it with its own AMM type.
    public static func wrap(_ payload: some ApplicationPayload,
                            signer: PrivateKey) throws(ApplicationMessageError) -> WrappedApplicationMessage {
        switch payload.encodedBytes() {
        case .success(let bytes): return try wrap(bytes, type: type(of: payload).applicationType, signer: signer)
        case .failure(let failure): throw .encodingFailed(failure)
        }
    }

    /// Opens the AMM bytes `wrapped` as received: decodes them, recovers the signer from
    /// `keccak256(payload)` and computes the message id over the bytes exactly as given. An empty
    /// signature field means "no author" (`signer == nil`); a signature that is present but unusable is an error.
    public static func unwrap(_ wrapped: [UInt8]) throws(ApplicationMessageError) -> ReceivedApplicationMessage {
        let amm: Protobuf_ApplicationMetadataMessage
        switch Protobuf_ApplicationMetadataMessage.parsing(wrapped) {
        case .success(let value): amm = value
        case .failure(let failure): throw .malformed(failure)
        }
        let payload = [UInt8](amm.payload)
        var signer: PublicKey?
        if !amm.signature.isEmpty {
            do {
                let signature = try RecoverableSignature(bytes65: [UInt8](amm.signature))
                signer = try signature.recoverPublicKey(digest: Keccak256.hash(payload))
            } catch {
                throw .invalidSignature(error as? Secp256k1Error ?? .invalidSignature)
            }
        }
        return ReceivedApplicationMessage(type: amm.type, payload: payload, signer: signer,
                                          id: MessageID(author: signer, wrapped: wrapped), wrapped: wrapped)
    }
}

/// An AMM ready to hand to the next layer down (MVDS or ProtocolMessage), with its message id.
public struct WrappedApplicationMessage: Sendable, Equatable {
    /// W: the encoded ApplicationMetadataMessage.
    public let bytes: [UInt8]
    /// The AMM type.
    public let type: ApplicationMessageType
    /// `keccak256(pub65(signer) ‖ bytes)`.
    public let id: MessageID
}

/// An AMM as received: its type, inner payload, recovered signer and message id.
public struct ReceivedApplicationMessage: Sendable, Equatable {
    /// The AMM type (possibly `.UNRECOGNIZED`).
    public let type: ApplicationMessageType
    /// The inner protobuf bytes.
    public let payload: [UInt8]
    /// The key that signed the payload, or `nil` when the AMM carries no signature.
    public let signer: PublicKey?
    /// The message id over the bytes as received.
    public let id: MessageID
    /// W, the AMM bytes as received.
    public let wrapped: [UInt8]

    /// The author as status-go decides it: the AMM signer if present, else the key that signed the Waku
    /// data field (wire-facts §5.1).
    public func author(orEnvelopeSigner envelopeSigner: PublicKey?) -> PublicKey? { signer ?? envelopeSigner }
}
