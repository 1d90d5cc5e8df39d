import Primitives

/// Why an ApplicationMetadataMessage could not be built or opened.
public enum ApplicationMessageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes are not a protobuf ApplicationMetadataMessage.
    case malformed(ProtobufFailure)
    /// The signature field is present but not a usable 65-byte recoverable signature over the payload.
    case invalidSignature(Secp256k1Error)
    /// The identity key could not sign (practically unreachable with a valid key).
    case signingFailed(String)
    /// The payload could not be encoded.
    case encodingFailed(ProtobufFailure)

    public var description: String {
        switch self {
        case .malformed(let failure):
            return "not an ApplicationMetadataMessage (\(failure)); the sender or an intermediate layer produced garbage"
        case .invalidSignature(let error):
            return "ApplicationMetadataMessage signature is unusable: \(error); the message cannot be attributed and is dropped"
        case .signingFailed(let reason):
            return "could not sign the ApplicationMetadataMessage with the identity key: \(reason)"
        case .encodingFailed(let failure):
            return "could not encode the payload: \(failure)"
        }
    }
}
