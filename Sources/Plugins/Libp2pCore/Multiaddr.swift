import Primitives

/// One component of a multiaddr (multiformats/multiaddr), with the protocol codes of the multicodec table.
public enum MultiaddrComponent: Hashable, Sendable {
    case ip4([UInt8])
    case ip6([UInt8])
    case tcp(UInt16)
    case udp(UInt16)
    case dns(String)
    case dns4(String)
    case dns6(String)
    case p2p(Libp2pPeerID)
    /// Status's `ethv4` (code 0x01EA): a devp2p node named by a peer-id multihash, as status-go's
    /// go-multiaddr-ethv4 registers it (length-prefixed, base58btc text like `/p2p/`).
    case ethv4(Libp2pPeerID)

    public static let codes: [String: UInt64] = [
        "ip4": 0x04, "ip6": 0x29, "tcp": 0x06, "udp": 0x0111, "dns": 0x35, "dns4": 0x36, "dns6": 0x37,
        "p2p": 0x01A5, "ipfs": 0x01A5, "ethv4": 0x01EA,
    ]

    public var code: UInt64 {
        switch self {
        case .ip4: return 0x04
        case .ip6: return 0x29
        case .tcp: return 0x06
        case .udp: return 0x0111
        case .dns: return 0x35
        case .dns4: return 0x36
        case .dns6: return 0x37
        case .p2p: return 0x01A5
        case .ethv4: return 0x01EA
        }
    }

    public var name: String {
        switch self {
        case .ip4: return "ip4"
        case .ip6: return "ip6"
        case .tcp: return "tcp"
        case .udp: return "udp"
        case .dns: return "dns"
        case .dns4: return "dns4"
        case .dns6: return "dns6"
        case .p2p: return "p2p"
        case .ethv4: return "ethv4"
        }
    }
}

/// A multiaddr: a sequence of self-describing address components (`/ip4/127.0.0.1/tcp/4001/p2p/…`).
/// Binary form: per component `uvarint(code) ‖ value`, where value is fixed-size (ip4 4, ip6 16,
/// tcp/udp 2 big-endian) or `uvarint(length) ‖ bytes` (dns*, p2p, ethv4).
public struct Multiaddr: Hashable, Sendable, CustomStringConvertible {
    /// Longest multiaddr accepted in either form (far beyond any real one).
    public static let maximumLength = 1024

    public var components: [MultiaddrComponent]

    public init(_ components: [MultiaddrComponent]) { self.components = components }

    // MARK: text

    public init(parsing text: String) throws {
        guard text.utf8.count <= Self.maximumLength else { throw Libp2pCodecError.malformedMultiaddr("longer than \(Self.maximumLength) characters") }
        guard text.hasPrefix("/") else { throw Libp2pCodecError.malformedMultiaddr("'\(text.prefix(40))' must start with '/'") }
        var parts = text.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if parts.last == "" { parts.removeLast() }   // a trailing '/' is allowed
        guard !parts.isEmpty else { throw Libp2pCodecError.malformedMultiaddr("empty multiaddr") }
        var components: [MultiaddrComponent] = []
        var index = 0
        while index < parts.count {
            let name = parts[index]
            guard !name.isEmpty else { throw Libp2pCodecError.malformedMultiaddr("empty protocol name in '\(text.prefix(60))'") }
            guard Self.knownNames.contains(name) else { throw Libp2pCodecError.unknownMultiaddrProtocol(name) }
            guard index + 1 < parts.count else { throw Libp2pCodecError.malformedMultiaddr("/\(name) needs a value") }
            let value = parts[index + 1]
            components.append(try Self.component(name: name, value: value))
            index += 2
        }
        self.init(components)
    }

    static let knownNames: Set<String> = Set(MultiaddrComponent.codes.keys)

    static func component(name: String, value: String) throws -> MultiaddrComponent {
        switch name {
        case "ip4":
            guard let bytes = IPText.parseIPv4(value) else { throw Libp2pCodecError.malformedMultiaddr("'\(value)' is not an IPv4 address") }
            return .ip4(bytes)
        case "ip6":
            guard let bytes = IPText.parseIPv6(value) else { throw Libp2pCodecError.malformedMultiaddr("'\(value)' is not an IPv6 address") }
            return .ip6(bytes)
        case "tcp", "udp":
            guard let port = UInt16(value), String(port) == value else {
                throw Libp2pCodecError.malformedMultiaddr("/\(name) port '\(value)' is not 0…65535")
            }
            return name == "tcp" ? .tcp(port) : .udp(port)
        case "dns", "dns4", "dns6":
            guard !value.isEmpty, value.utf8.count <= 255 else { throw Libp2pCodecError.malformedMultiaddr("/\(name) needs a host name of 1…255 bytes") }
            return name == "dns" ? .dns(value) : name == "dns4" ? .dns4(value) : .dns6(value)
        case "p2p", "ipfs":
            return .p2p(try Libp2pPeerID(parsing: value))
        case "ethv4":
            return .ethv4(try Libp2pPeerID(parsing: value))
        default:
            throw Libp2pCodecError.unknownMultiaddrProtocol(name)
        }
    }

    public var description: String {
        components.map { component -> String in
            switch component {
            case .ip4(let b): return "/ip4/" + IPText.formatIPv4(b)
            case .ip6(let b): return "/ip6/" + IPText.formatIPv6(b)
            case .tcp(let p): return "/tcp/\(p)"
            case .udp(let p): return "/udp/\(p)"
            case .dns(let h): return "/dns/" + h
            case .dns4(let h): return "/dns4/" + h
            case .dns6(let h): return "/dns6/" + h
            case .p2p(let id): return "/p2p/" + id.base58
            case .ethv4(let id): return "/ethv4/" + id.base58
            }
        }.joined()
    }

    // MARK: binary

    public var bytes: [UInt8] {
        var out: [UInt8] = []
        for component in components {
            out += UVarint.encode(component.code)
            switch component {
            case .ip4(let b), .ip6(let b): out += b
            case .tcp(let p), .udp(let p): out += [UInt8(p >> 8), UInt8(p & 0xff)]
            case .dns(let h), .dns4(let h), .dns6(let h):
                out += UVarint.encode(UInt64(h.utf8.count)) + Array(h.utf8)
            case .p2p(let id), .ethv4(let id):
                out += UVarint.encode(UInt64(id.bytes.count)) + id.bytes
            }
        }
        return out
    }

    public init(bytes input: some Collection<UInt8>) throws {
        let bytes = Array(input)
        guard !bytes.isEmpty, bytes.count <= Self.maximumLength else {
            throw Libp2pCodecError.malformedMultiaddr("binary multiaddr must be 1…\(Self.maximumLength) bytes, got \(bytes.count)")
        }
        var index = 0
        var components: [MultiaddrComponent] = []
        func varint() throws -> UInt64 {
            do {
                let (value, used) = try UVarint.decode(bytes[index...])
                index += used
                return value
            } catch { throw Libp2pCodecError.malformedMultiaddr("bad varint at byte \(index): \(error)") }
        }
        func take(_ count: Int, for name: String) throws -> [UInt8] {
            guard count <= bytes.count - index else {
                throw Libp2pCodecError.malformedMultiaddr("/\(name) needs \(count) bytes at byte \(index), \(bytes.count - index) left")
            }
            defer { index += count }
            return Array(bytes[index..<index + count])
        }
        func sized(for name: String) throws -> [UInt8] {
            let length = try varint()
            guard length <= UInt64(bytes.count - index) else {
                throw Libp2pCodecError.malformedMultiaddr("/\(name) claims \(length) bytes, \(bytes.count - index) left")
            }
            return try take(Int(length), for: name)
        }
        while index < bytes.count {
            let code = try varint()
            switch code {
            case 0x04: components.append(.ip4(try take(4, for: "ip4")))
            case 0x29: components.append(.ip6(try take(16, for: "ip6")))
            case 0x06, 0x0111:
                let b = try take(2, for: "port")
                let port = UInt16(b[0]) << 8 | UInt16(b[1])
                components.append(code == 0x06 ? .tcp(port) : .udp(port))
            case 0x35, 0x36, 0x37:
                let raw = try sized(for: "dns")
                guard !raw.isEmpty, let host = String(validating: raw, as: UTF8.self), !host.contains("/") else {
                    throw Libp2pCodecError.malformedMultiaddr("dns value is not a non-empty UTF-8 host name")
                }
                components.append(code == 0x35 ? .dns(host) : code == 0x36 ? .dns4(host) : .dns6(host))
            case 0x01A5: components.append(.p2p(try Libp2pPeerID(bytes: try sized(for: "p2p"))))
            case 0x01EA: components.append(.ethv4(try Libp2pPeerID(bytes: try sized(for: "ethv4"))))
            default: throw Libp2pCodecError.unknownMultiaddrProtocol("code 0x\(String(code, radix: 16))")
            }
        }
        self.init(components)
    }

    // MARK: reading

    /// The peer id in the last `/p2p/` component, if any.
    public var peerID: Libp2pPeerID? {
        for component in components.reversed() { if case .p2p(let id) = component { return id } }
        return nil
    }

    /// Host and TCP port for dialling: the first ip4/ip6/dns* component followed by `/tcp/`.
    public var tcpEndpoint: (host: String, port: UInt16)? {
        guard components.count >= 2, case .tcp(let port) = components[1] else { return nil }
        switch components[0] {
        case .ip4(let b): return (IPText.formatIPv4(b), port)
        case .ip6(let b): return (IPText.formatIPv6(b), port)
        case .dns(let h), .dns4(let h), .dns6(let h): return (h, port)
        default: return nil
        }
    }

    /// This address with `/p2p/<id>` appended (replacing an existing one).
    public func with(peerID: Libp2pPeerID) -> Multiaddr {
        Multiaddr(components.filter { if case .p2p = $0 { return false } else { return true } } + [.p2p(peerID)])
    }
}
