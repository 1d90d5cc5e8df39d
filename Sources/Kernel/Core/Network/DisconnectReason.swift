/// Why a connection ended. Codes follow devp2p's Disconnect reasons (wire-facts §1.5) so RLPx can put
/// them on the wire; other transports use them for logs and the peer book.
public struct DisconnectReason: Hashable, Sendable, CustomStringConvertible {
    public let code: UInt8
    public let detail: String?

    public init(code: UInt8, detail: String? = nil) {
        self.code = code
        self.detail = detail
    }

    public func with(detail: String) -> DisconnectReason { DisconnectReason(code: code, detail: detail) }

    public static let requested = DisconnectReason(code: 0x00)
    public static let tcpError = DisconnectReason(code: 0x01)
    public static let protocolBreach = DisconnectReason(code: 0x02)
    public static let uselessPeer = DisconnectReason(code: 0x03)
    public static let tooManyPeers = DisconnectReason(code: 0x04)
    public static let alreadyConnected = DisconnectReason(code: 0x05)
    public static let incompatibleVersion = DisconnectReason(code: 0x06)
    public static let nullIdentity = DisconnectReason(code: 0x07)
    public static let clientQuitting = DisconnectReason(code: 0x08)
    public static let unexpectedIdentity = DisconnectReason(code: 0x09)
    public static let connectedToSelf = DisconnectReason(code: 0x0a)
    public static let pingTimeout = DisconnectReason(code: 0x0b)
    public static let subprotocolError = DisconnectReason(code: 0x10)

    public var name: String {
        switch code {
        case 0x00: return "requested"
        case 0x01: return "TCP error"
        case 0x02: return "protocol breach"
        case 0x03: return "useless peer"
        case 0x04: return "too many peers"
        case 0x05: return "already connected"
        case 0x06: return "incompatible p2p version"
        case 0x07: return "null node identity"
        case 0x08: return "client quitting"
        case 0x09: return "unexpected identity"
        case 0x0a: return "connected to self"
        case 0x0b: return "ping timeout"
        case 0x10: return "subprotocol error"
        default: return "reason 0x\(String(code, radix: 16))"
        }
    }

    public var description: String { detail.map { "\(name) (\($0))" } ?? name }

    /// Equality on the code only: the detail is for humans.
    public static func == (lhs: DisconnectReason, rhs: DisconnectReason) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
