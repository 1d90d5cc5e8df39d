import Primitives

/// Why a frame was refused; each one ends the connection (wire-facts §1.3).
public enum RLPxFrameError: Error, Equatable, CustomStringConvertible {
    case headerMACMismatch
    case frameMACMismatch
    case frameTooLarge(Int)
    case emptyFrame

    public var description: String {
        switch self {
        case .headerMACMismatch: return "frame header MAC mismatch (corrupted or forged data)"
        case .frameMACMismatch: return "frame body MAC mismatch (corrupted or forged data)"
        case .frameTooLarge(let size): return "frame of \(size) bytes exceeds the limit"
        case .emptyFrame: return "frame carries no message id"
        }
    }
}

/// Encrypts and authenticates RLPx frames in both directions: AES-256-CTR with one keystream per
/// direction, and the keccak "egress/ingress MAC" updated through AES-256-ECB with the MAC secret.
struct RLPxFrameCodec {
    static let headerSize = 32          // 16 ciphertext + 16 MAC
    static let maximumFrameSize = (1 << 24) - 1

    private var egressCipher: AESCTRStream
    private var ingressCipher: AESCTRStream
    private var egressMAC: Keccak256
    private var ingressMAC: Keccak256
    private let macCipher: AESBlockCipher
    /// Largest frame accepted from the peer (bounded below the protocol maximum to cap memory).
    let maximumIncomingFrame: Int

    init(secrets: RLPxSecrets, maximumIncomingFrame: Int = 16 << 20) throws {
        let zeroIV = [UInt8](repeating: 0, count: 16)
        egressCipher = try AESCTRStream(key: secrets.aesSecret, iv: zeroIV)
        ingressCipher = try AESCTRStream(key: secrets.aesSecret, iv: zeroIV)
        egressMAC = secrets.egressMAC
        ingressMAC = secrets.ingressMAC
        macCipher = try AESBlockCipher(key: secrets.macSecret)
        self.maximumIncomingFrame = min(maximumIncomingFrame, Self.maximumFrameSize)
    }

    /// Frames `frameData` (= rlp(msg-id) ‖ msg-data) for the wire.
    mutating func seal(_ frameData: [UInt8]) throws -> [UInt8] {
        let size = frameData.count
        guard size <= Self.maximumFrameSize else { throw RLPxFrameError.frameTooLarge(size) }
        let sealedHeader = try sealHeader(announcing: size)
        var padded = frameData
        let remainder = size % 16
        if remainder != 0 { padded.append(contentsOf: [UInt8](repeating: 0, count: 16 - remainder)) }
        let frameCiphertext = egressCipher.apply(padded)
        let frameMAC = try Self.updateFrameMAC(&egressMAC, macCipher: macCipher, frameCiphertext: frameCiphertext)
        var out: [UInt8] = []
        out.reserveCapacity(32 + frameCiphertext.count + 16)
        out += sealedHeader
        out += frameCiphertext
        out += frameMAC
        return out
    }

    /// The 32-byte header (ciphertext ‖ MAC) of a frame of `size` bytes, whose body must follow.
    mutating func sealHeader(announcing size: Int) throws -> [UInt8] {
        var header = [UInt8](repeating: 0, count: 16)
        header[0] = UInt8(truncatingIfNeeded: size >> 16)
        header[1] = UInt8(truncatingIfNeeded: size >> 8)
        header[2] = UInt8(truncatingIfNeeded: size)
        header[3] = 0xc2; header[4] = 0x80; header[5] = 0x80
        let headerCiphertext = egressCipher.apply(header)
        return headerCiphertext + (try Self.updateHeaderMAC(&egressMAC, macCipher: macCipher, headerCiphertext: headerCiphertext))
    }

    /// Checks and decrypts a 32-byte header; returns the frame size and how many bytes (ciphertext +
    /// MAC) follow on the wire.
    mutating func openHeader(_ bytes: [UInt8]) throws -> (frameSize: Int, bodyLength: Int) {
        precondition(bytes.count == Self.headerSize)
        let headerCiphertext = Array(bytes[0..<16])
        let expected = try Self.updateHeaderMAC(&ingressMAC, macCipher: macCipher, headerCiphertext: headerCiphertext)
        guard ConstantTime.equals(expected, Array(bytes[16..<32])) else { throw RLPxFrameError.headerMACMismatch }
        let header = ingressCipher.apply(headerCiphertext)
        let size = Int(header[0]) << 16 | Int(header[1]) << 8 | Int(header[2])
        guard size <= maximumIncomingFrame else { throw RLPxFrameError.frameTooLarge(size) }
        guard size > 0 else { throw RLPxFrameError.emptyFrame }
        let padded = (size + 15) / 16 * 16
        return (size, padded + 16)
    }

    /// Checks and decrypts a frame body (padded ciphertext ‖ MAC) announced by `openHeader`.
    mutating func openBody(_ bytes: [UInt8], frameSize: Int) throws -> [UInt8] {
        let ciphertext = Array(bytes[0..<(bytes.count - 16)])
        let expected = try Self.updateFrameMAC(&ingressMAC, macCipher: macCipher, frameCiphertext: ciphertext)
        guard ConstantTime.equals(expected, Array(bytes[(bytes.count - 16)...])) else { throw RLPxFrameError.frameMACMismatch }
        return Array(ingressCipher.apply(ciphertext).prefix(frameSize))
    }

    static func updateHeaderMAC(_ mac: inout Keccak256, macCipher: AESBlockCipher, headerCiphertext: [UInt8]) throws -> [UInt8] {
        let encrypted = try macCipher.encrypt(Array(mac.digest().prefix(16)))
        mac.update(xor(encrypted, headerCiphertext))
        return Array(mac.digest().prefix(16))
    }

    static func updateFrameMAC(_ mac: inout Keccak256, macCipher: AESBlockCipher, frameCiphertext: [UInt8]) throws -> [UInt8] {
        mac.update(frameCiphertext)
        let seed = Array(mac.digest().prefix(16))
        mac.update(xor(try macCipher.encrypt(seed), seed))
        return Array(mac.digest().prefix(16))
    }
}
