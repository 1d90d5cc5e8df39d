/// One message on a `ProtocolStream`: a protocol-relative code and its (uncompressed) payload.
public struct FramedMessage: Sendable, Equatable {
    public var code: UInt64
    public var payload: [UInt8]

    public init(code: UInt64, payload: [UInt8]) {
        self.code = code
        self.payload = payload
    }
}
