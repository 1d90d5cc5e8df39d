import Primitives

/// The few protobuf wire rules libp2p's small messages need (key, Noise payload, identify): varint and
/// length-delimited fields, read leniently (unknown fields skipped) and written in field order.
///
/// libp2p's messages are tiny and fixed; a hand-written reader keeps Libp2pCore free of generated code
/// while still rejecting truncated or malformed input with a typed error.
public struct ProtoWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func varint(_ field: UInt64, _ value: UInt64) {
        bytes += UVarint.encode(field << 3 | 0)
        bytes += UVarint.encode(value)
    }

    public mutating func lengthDelimited(_ field: UInt64, _ value: some Collection<UInt8>) {
        bytes += UVarint.encode(field << 3 | 2)
        bytes += UVarint.encode(UInt64(value.count))
        bytes += value
    }
}

/// One decoded protobuf field.
public enum ProtoValue: Sendable, Equatable {
    case varint(UInt64)
    case bytes([UInt8])
}

/// Reads every field of a protobuf message into (field number, value) pairs in wire order.
public enum ProtoReader {
    public static func fields(_ input: some Collection<UInt8>) throws -> [(field: UInt64, value: ProtoValue)] {
        let bytes = Array(input)
        var out: [(UInt64, ProtoValue)] = []
        var index = 0
        func varint() throws -> UInt64 {
            do {
                let (value, used) = try UVarint.decode(bytes[index...], minimal: false)
                index += used
                return value
            } catch {
                throw Libp2pCodecError.malformedProtobuf("bad varint at byte \(index)")
            }
        }
        while index < bytes.count {
            let key = try varint()
            let field = key >> 3
            guard field != 0 else { throw Libp2pCodecError.malformedProtobuf("field number 0") }
            switch key & 7 {
            case 0:
                out.append((field, .varint(try varint())))
            case 2:
                let length = try varint()
                guard length <= UInt64(bytes.count - index) else {
                    throw Libp2pCodecError.malformedProtobuf("field \(field) claims \(length) bytes, \(bytes.count - index) left")
                }
                out.append((field, .bytes(Array(bytes[index..<index + Int(length)]))))
                index += Int(length)
            case 1:
                guard bytes.count - index >= 8 else { throw Libp2pCodecError.malformedProtobuf("truncated fixed64") }
                index += 8
            case 5:
                guard bytes.count - index >= 4 else { throw Libp2pCodecError.malformedProtobuf("truncated fixed32") }
                index += 4
            default:
                throw Libp2pCodecError.malformedProtobuf("wire type \(key & 7) of field \(field) is not supported")
            }
        }
        return out
    }
}
