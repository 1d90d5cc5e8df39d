import Primitives
/// Reads and writes discv5.1 packets: `masking-iv ‖ AES-128-CTR(dest-id[:16], iv, header) ‖ message`
/// (discv5-wire.md "Packet Encoding"). Message sealing lives in `MessageCipher`; this type only
/// frames, masks and validates.
public struct PacketCodec: Sendable {
    public let protocolID: Discv5ProtocolID
    public static let version: UInt16 = 1

    public init(protocolID: Discv5ProtocolID = .ethereum) {
        self.protocolID = protocolID
    }

    /// `protocol-id ‖ version ‖ flag ‖ nonce ‖ authdata-size ‖ authdata`.
    public func header(nonce: [UInt8], auth: PacketAuth) -> [UInt8] {
        let authdata = auth.authdata
        var out = protocolID.bytes
        out.reserveCapacity(Packet.staticHeaderSize + authdata.count)
        out += [UInt8(Self.version >> 8), UInt8(Self.version & 0xff), auth.flag]
        out += nonce
        out += [UInt8(authdata.count >> 8), UInt8(authdata.count & 0xff)]
        out += authdata
        return out
    }

    /// The datagram: masks `header` with `destinationID` and appends the sealed message.
    public func encode(maskingIV: [UInt8], destinationID: [UInt8], header: [UInt8], messageCiphertext: [UInt8]) throws -> [UInt8] {
        let masked = try AESCTR.apply(key: Array(destinationID.prefix(16)), iv: maskingIV, header)
        return maskingIV + masked + messageCiphertext
    }

    /// Unmasks and validates a datagram addressed to `localID`. Throws a `Discv5WireError` for every
    /// malformed input (sizes, protocol id, version, flag, authdata layout); never traps.
    public func decode(_ datagram: [UInt8], localID: [UInt8]) throws(Discv5WireError) -> Packet {
        guard datagram.count >= Packet.minSize else { throw .packetTooSmall(datagram.count) }
        guard datagram.count <= Packet.maxSize else { throw .packetTooLarge(datagram.count) }
        let iv = Array(datagram[0..<16])
        let key = Array(localID.prefix(16))
        let staticEnd = 16 + Packet.staticHeaderSize
        let staticHeader: [UInt8]
        do { staticHeader = try AESCTR.apply(key: key, iv: iv, Array(datagram[16..<staticEnd])) } catch { throw .wrongProtocolID }
        guard Array(staticHeader[0..<6]) == protocolID.bytes else { throw .wrongProtocolID }
        let version = UInt16(staticHeader[6]) << 8 | UInt16(staticHeader[7])
        guard version == Self.version else { throw .unsupportedVersion(version) }
        let flag = staticHeader[8]
        guard flag <= 2 else { throw .unknownFlag(flag) }
        let nonce = Array(staticHeader[9..<21])
        let authSize = Int(staticHeader[21]) << 8 | Int(staticHeader[22])
        guard staticEnd + authSize <= datagram.count else {
            throw .truncatedHeader(authdataSize: authSize, available: datagram.count - staticEnd)
        }
        let headerEnd = staticEnd + authSize
        let header: [UInt8]
        do { header = try AESCTR.apply(key: key, iv: iv, Array(datagram[16..<headerEnd])) } catch { throw .wrongProtocolID }
        let auth = try PacketAuth.parse(flag: flag, header[Packet.staticHeaderSize...])
        let message = Array(datagram[headerEnd...])
        if flag == 1 {
            guard message.isEmpty else { throw .unexpectedMessageBytes(message.count) }
        } else {
            guard message.count >= 16 else { throw .missingMessage }
        }
        return Packet(maskingIV: iv, nonce: nonce, auth: auth, header: header, messageCiphertext: message)
    }
}
