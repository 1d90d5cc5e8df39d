/// The libp2p identify record (`/ipfs/id/1.0.0`, `/ipfs/id/push/1.0.0`; libp2p/specs identify):
/// `Identify {1 publicKey; 2 listenAddrs; 3 protocols; 4 observedAddr; 5 protocolVersion; 6 agentVersion;
/// 8 signedPeerRecord}`. Unknown fields are skipped; addresses that do not decode are dropped.
public struct IdentifyMessage: Sendable, Equatable {
    public static let protocolID = "/ipfs/id/1.0.0"
    public static let pushProtocolID = "/ipfs/id/push/1.0.0"
    /// Largest identify message accepted (go-libp2p's limit).
    public static let maximumSize = 8 * 1024

    public var publicKey: [UInt8]?
    public var listenAddrs: [Multiaddr] = []
    public var protocols: [String] = []
    public var observedAddr: Multiaddr?
    public var protocolVersion: String?
    public var agentVersion: String?
    /// Field 8: the sender's signed peer record envelope (kept as bytes; `SignedPeerRecord` verifies it).
    public var signedPeerRecord: [UInt8]?

    public init(publicKey: [UInt8]? = nil, listenAddrs: [Multiaddr] = [], protocols: [String] = [], observedAddr: Multiaddr? = nil,
                protocolVersion: String? = "ipfs/0.1.0", agentVersion: String? = nil) {
        self.publicKey = publicKey
        self.listenAddrs = listenAddrs
        self.protocols = protocols
        self.observedAddr = observedAddr
        self.protocolVersion = protocolVersion
        self.agentVersion = agentVersion
    }

    public var bytes: [UInt8] {
        var writer = ProtoWriter()
        if let protocolVersion { writer.lengthDelimited(5, Array(protocolVersion.utf8)) }
        if let agentVersion { writer.lengthDelimited(6, Array(agentVersion.utf8)) }
        if let publicKey { writer.lengthDelimited(1, publicKey) }
        for address in listenAddrs { writer.lengthDelimited(2, address.bytes) }
        if let observedAddr { writer.lengthDelimited(4, observedAddr.bytes) }
        for id in protocols { writer.lengthDelimited(3, Array(id.utf8)) }
        if let signedPeerRecord { writer.lengthDelimited(8, signedPeerRecord) }
        return writer.bytes
    }

    public init(decoding bytes: [UInt8]) throws {
        guard bytes.count <= Self.maximumSize else { throw Libp2pCodecError.malformedProtobuf("identify of \(bytes.count) bytes exceeds \(Self.maximumSize)") }
        self.init(protocolVersion: nil)
        for (field, value) in try ProtoReader.fields(bytes) {
            guard case .bytes(let b) = value else { continue }
            switch field {
            case 1: publicKey = b
            case 2: if let address = try? Multiaddr(bytes: b) { listenAddrs.append(address) }
            case 3: if let text = String(validating: b, as: UTF8.self) { protocols.append(text) }
            case 4: observedAddr = try? Multiaddr(bytes: b)
            case 5: protocolVersion = String(validating: b, as: UTF8.self)
            case 6: agentVersion = String(validating: b, as: UTF8.self)
            case 8: signedPeerRecord = b
            default: continue
            }
        }
    }

    /// The sender's key, checked against the peer id the connection proved.
    public func verifiedKey(for peer: Libp2pPeerID) throws -> Libp2pPublicKey? {
        guard let publicKey else { return nil }
        let key = try Libp2pPublicKey(protobuf: publicKey)
        guard peer.matches(key) else { throw Libp2pCodecError.invalidKey("identify key does not match the connection's peer id") }
        return key
    }
}
