import Crypto

/// The libp2p Noise handshake on top of `NoiseXXHandshake`: empty prologue, empty first payload, the
/// signed identity payload in messages 2 (responder) and 3 (initiator). Sans I/O; the caller frames
/// messages with `NoiseFrame`.
public struct Libp2pNoiseHandshake: Sendable {
    public static let protocolID = "/noise"

    var noise: NoiseXXHandshake
    let identity: Libp2pIdentityKey
    let expectedRemote: Libp2pPeerID?
    public private(set) var remotePeer: Libp2pPeerID?
    public private(set) var remoteKey: Libp2pPublicKey?

    public init(initiator: Bool, identity: Libp2pIdentityKey, expectedRemote: Libp2pPeerID? = nil,
                staticKey: Curve25519.KeyAgreement.PrivateKey = .init()) {
        noise = NoiseXXHandshake(initiator: initiator, staticKey: staticKey)
        self.identity = identity
        self.expectedRemote = expectedRemote
    }

    public var isOurTurn: Bool { noise.isOurTurn }
    public var isComplete: Bool { noise.isComplete }

    /// The next handshake message to send (unframed).
    public mutating func nextMessage() throws -> [UInt8] {
        let payload = noise.step == 0 ? [] : try NoiseHandshakePayload.signed(by: identity, staticKey: noise.localStaticPublicKey).bytes
        return try noise.writeMessage(payload: payload)
    }

    /// Reads the peer's handshake message; messages 2 and 3 authenticate the peer.
    public mutating func read(_ message: [UInt8]) throws {
        let payload = try noise.readMessage(message)
        guard noise.step >= 2, let remoteStatic = noise.remoteStatic else { return }
        let (key, id) = try NoiseHandshakePayload(decoding: payload).verify(remoteStatic: remoteStatic, expected: expectedRemote)
        remoteKey = key
        remotePeer = id
    }

    /// The transport ciphers once the handshake is complete and the peer authenticated.
    public func transport() throws -> NoiseTransport {
        guard remotePeer != nil else { throw NoiseError.handshakeOutOfOrder("transport before the peer was authenticated") }
        let (send, receive) = try noise.split()
        return NoiseTransport(send: send, receive: receive)
    }
}

/// The post-handshake Noise channel: each frame is `BE16(length) ‖ ChaChaPoly(plaintext)`, at most
/// 65535 bytes on the wire (65519 bytes of plaintext).
public struct NoiseTransport: Sendable {
    public static let maximumFrame = 65535
    public static let maximumPlaintext = maximumFrame - NoiseCipherState.tagLength

    var send: NoiseCipherState
    var receive: NoiseCipherState

    /// Encrypts `plaintext` into as many frames as it needs, each with its length prefix.
    public mutating func seal(_ plaintext: [UInt8]) throws -> [UInt8] {
        var out: [UInt8] = []
        var offset = 0
        repeat {
            let end = min(plaintext.count, offset + Self.maximumPlaintext)
            let ciphertext = try send.encrypt(Array(plaintext[offset..<end]))
            out += NoiseFrame.prefix(ciphertext.count) + ciphertext
            offset = end
        } while offset < plaintext.count
        return out
    }

    /// Decrypts one frame body (without its length prefix).
    public mutating func open(_ frame: [UInt8]) throws -> [UInt8] { try receive.decrypt(frame) }

    /// Encrypts `plaintext` into as many frames as it needs and hands each frame's body (`ciphertext ‖ tag`,
    /// at most `maximumFrame` bytes) to `frame` in wire order; the caller writes the BE16 length before it.
    /// The same frames as `seal`, without the intermediate arrays.
    public mutating func seal(_ plaintext: [UInt8], frame: (UnsafeRawBufferPointer) throws -> Void) throws {
        var offset = 0
        repeat {
            let end = min(plaintext.count, offset + Self.maximumPlaintext)
            try send.encrypt(plaintext[offset..<end], body: frame)
            offset = end
        } while offset < plaintext.count
    }

    /// Decrypts one frame body (without its length prefix) and hands the plaintext to `plaintext`.
    public mutating func open(_ frame: UnsafeRawBufferPointer, plaintext: (UnsafeRawBufferPointer) throws -> Void) throws {
        try receive.decrypt(frame, body: plaintext)
    }
}

/// The BE16 length framing Noise uses for handshake and transport messages.
public enum NoiseFrame {
    static func prefix(_ count: Int) -> [UInt8] { [UInt8(count >> 8), UInt8(count & 0xff)] }

    public static func encode(_ body: [UInt8]) throws -> [UInt8] {
        guard body.count <= NoiseTransport.maximumFrame else { throw NoiseError.frameTooLarge(body.count) }
        return prefix(body.count) + body
    }

    /// Takes one complete frame body off the front of `buffer`, or nil if more bytes are needed.
    public static func decode(_ buffer: inout [UInt8]) -> [UInt8]? {
        guard buffer.count >= 2 else { return nil }
        let length = Int(buffer[0]) << 8 | Int(buffer[1])
        guard buffer.count >= 2 + length else { return nil }
        defer { buffer.removeFirst(2 + length) }
        return Array(buffer[2..<2 + length])
    }
}
