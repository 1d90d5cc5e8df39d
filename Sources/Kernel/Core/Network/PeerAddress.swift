import Primitives

/// Where a peer can be dialled: a scheme (which transport), an optional known identity and a
/// host/port. Parsed from enode URLs, `enr:` records and `memory://` names.
public struct PeerAddress: Hashable, Sendable, CustomStringConvertible {
    /// `enode` (devp2p over TCP), `memory` (in-process), later `multiaddr` (libp2p).
    public let scheme: String
    /// The identity the dialler expects; a mismatch after the handshake aborts the connection.
    public let peerID: PeerID?
    public let host: String
    public let port: UInt16

    public init(scheme: String, peerID: PeerID?, host: String, port: UInt16) {
        self.scheme = scheme
        self.peerID = peerID
        self.host = host
        self.port = port
    }

    public var description: String {
        switch scheme {
        case "enode": return "enode://\(peerID?.hex ?? "")@\(host):\(port)"
        case "memory": return "memory://\(host)"
        case "multiaddr": return MultiaddrText.format(host: host, port: port, peerID: peerID)
        default: return "\(scheme)://\(host):\(port)"
        }
    }
}

/// Why an address string could not be understood.
public enum PeerAddressError: Error, Equatable, CustomStringConvertible {
    case unknownScheme(String)
    case malformed(String, reason: String)

    public var description: String {
        switch self {
        case .unknownScheme(let text):
            return "'\(text)' is not a peer address: expected enode://<128 hex>@<ip>:<port>, enr:…, /ip4/<ip>/tcp/<port>/p2p/<peer id> or memory://<name>"
        case .malformed(let text, let reason):
            return "'\(text)' is not a valid peer address: \(reason)"
        }
    }
}

extension PeerAddress {
    /// Parses `enode://<pub64 hex>@<host>:<port>[?discport=N]`, `enr:<base64url>`, a libp2p TCP multiaddr
    /// (`/ip4/…/tcp/…[/p2p/…]`, scheme `multiaddr`) or `memory://<name>`.
    public init(parsing text: String) throws {
        if text.hasPrefix("enode://") {
            self = try Self.parseEnode(text)
        } else if text.hasPrefix("enr:") {
            self = try Self.fromRecord(text)
        } else if text.hasPrefix("/") {
            self = try MultiaddrText.parse(text)
        } else if text.hasPrefix("memory://") {
            let name = String(text.dropFirst("memory://".count))
            guard !name.isEmpty else { throw PeerAddressError.malformed(text, reason: "empty memory endpoint name") }
            self.init(scheme: "memory", peerID: nil, host: name, port: 0)
        } else {
            throw PeerAddressError.unknownScheme(text)
        }
    }

    private static func parseEnode(_ text: String) throws -> PeerAddress {
        let body = text.dropFirst("enode://".count)
        guard let at = body.firstIndex(of: "@") else {
            throw PeerAddressError.malformed(text, reason: "missing '@' between node id and host")
        }
        let idHex = String(body[..<at])
        guard idHex.count == 128, let id = try? Hex.decode(idHex), (try? PublicKey(bytes: id)) != nil else {
            throw PeerAddressError.malformed(text, reason: "node id must be 128 hex characters of a valid secp256k1 key")
        }
        var hostPort = body[body.index(after: at)...]
        if let query = hostPort.firstIndex(of: "?") { hostPort = hostPort[..<query] }
        guard let colon = hostPort.lastIndex(of: ":") else {
            throw PeerAddressError.malformed(text, reason: "missing ':<port>' after the host")
        }
        var host = String(hostPort[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw PeerAddressError.malformed(text, reason: "empty host") }
        guard let port = UInt16(hostPort[hostPort.index(after: colon)...]), port != 0 else {
            throw PeerAddressError.malformed(text, reason: "port must be 1…65535")
        }
        return PeerAddress(scheme: "enode", peerID: PeerID(id), host: host, port: port)
    }

    private static func fromRecord(_ text: String) throws -> PeerAddress {
        let record: NodeRecord
        do {
            record = try NodeRecord(text: text)
        } catch {
            throw PeerAddressError.malformed(text, reason: "\(error)")
        }
        guard record.verifySignature(), let key = record.publicKey else {
            throw PeerAddressError.malformed(text, reason: "the record's signature does not verify")
        }
        guard let ip = record.ip, ip.count == 4, let tcp = record.tcp, tcp != 0 else {
            throw PeerAddressError.malformed(text, reason: "the record has no IPv4 'ip' and 'tcp' port to dial")
        }
        let host = ip.map(String.init).joined(separator: ".")
        return PeerAddress(scheme: "enode", peerID: PeerID(publicKey: key), host: host, port: tcp)
    }
}

extension PeerAddress: Codable {
    /// Decodes from the text forms `init(parsing:)` accepts, so a bad address in a profile is reported
    /// with its YAML path and position.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\(error)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
