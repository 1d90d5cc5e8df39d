/// One discv5 packet with its header unmasked: what `PacketCodec` produces when reading and takes
/// when writing. `messageCiphertext` is still AES-GCM sealed (empty for WHOAREYOU).
public struct Packet: Sendable, Equatable {
    public static let minSize = 63
    public static let maxSize = 1280
    public static let staticHeaderSize = 23

    public let maskingIV: [UInt8]
    public let nonce: [UInt8]
    public let auth: PacketAuth
    /// `static-header ‖ authdata`, unmasked.
    public let header: [UInt8]
    public let messageCiphertext: [UInt8]

    public init(maskingIV: [UInt8], nonce: [UInt8], auth: PacketAuth, header: [UInt8], messageCiphertext: [UInt8]) {
        self.maskingIV = maskingIV
        self.nonce = nonce
        self.auth = auth
        self.header = header
        self.messageCiphertext = messageCiphertext
    }

    /// `masking-iv ‖ header`: the GCM associated data, and for WHOAREYOU the `challenge-data`.
    public var authenticatedData: [UInt8] { maskingIV + header }
}
