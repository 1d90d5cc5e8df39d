import Kernel

/// A decoded `pex/1` packet. Decoding checks the size limit and the code before the payload, so a
/// hostile peer costs at most one bounded RLP parse per packet.
public enum PexPacket: Equatable, Sendable {
    case announce(PexAnnounce)
    case getPeers(PexGetPeers)
    case peers(PexPeers)

    public var code: PexPacketCode {
        switch self {
        case .announce: return .announce
        case .getPeers: return .getPeers
        case .peers: return .peers
        }
    }

    public var framed: FramedMessage {
        switch self {
        case .announce(let announce): return FramedMessage(code: PexPacketCode.announce.rawValue, payload: announce.encoded())
        case .getPeers(let request): return FramedMessage(code: PexPacketCode.getPeers.rawValue, payload: request.encoded())
        case .peers(let answer): return FramedMessage(code: PexPacketCode.peers.rawValue, payload: answer.encoded())
        }
    }

    public init(decoding message: FramedMessage) throws(PexError) {
        guard message.payload.count <= PexCapability.maxPacketBytes else {
            throw .oversize(code: message.code, size: message.payload.count)
        }
        guard let code = PexPacketCode(rawValue: message.code) else { throw .unknownCode(message.code) }
        switch code {
        case .announce: self = .announce(try PexAnnounce(decoding: message.payload))
        case .getPeers: self = .getPeers(try PexGetPeers(decoding: message.payload))
        case .peers: self = .peers(try PexPeers(decoding: message.payload))
        }
    }
}
