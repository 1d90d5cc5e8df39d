import SwiftProtobuf

/// Why bytes did not decode as (or a value did not encode to) a protobuf message: the swift-protobuf
/// error in words. Exists so the module's typed errors can carry the decoder's reason without exposing
/// swift-protobuf's error types.
public struct ProtobufFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// The protobuf message type involved (e.g. `protobuf.ChatMessage`).
    public let messageName: String
    /// What swift-protobuf reported.
    public let reason: String

    public var description: String { "\(messageName): \(reason)" }
}

extension SwiftProtobuf.Message {
    /// Decodes binary protobuf (proto3; malformed varints, truncated fields and invalid UTF-8 are failures).
    static func parsing(_ bytes: some Collection<UInt8>) -> Result<Self, ProtobufFailure> {
        do {
            return .success(try Self(serializedBytes: Array(bytes)))
        } catch {
            return .failure(ProtobufFailure(messageName: Self.protoMessageName, reason: String(describing: error)))
        }
    }

    /// The binary protobuf encoding.
    func encodedBytes() -> Result<[UInt8], ProtobufFailure> {
        do {
            let bytes: [UInt8] = try serializedBytes()
            return .success(bytes)
        } catch {
            return .failure(ProtobufFailure(messageName: Self.protoMessageName, reason: String(describing: error)))
        }
    }
}
