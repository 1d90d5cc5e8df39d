import Primitives

/// A libp2p signed peer record (libp2p/specs RFC 0003 inside an RFC 0002 envelope): the addresses a peer
/// signs for itself. It exists so addresses can be passed on by third parties — gossipsub v1.1 peer
/// exchange (PRUNE with PX) and identify field 8 — and trusted only when the peer's own key signed them.
/// `Envelope {1 PublicKey public_key; 2 bytes payload_type; 3 bytes payload; 5 bytes signature}`,
/// payload `PeerRecord {1 bytes peer_id; 2 uint64 seq; 3 repeated AddressInfo {1 bytes multiaddr}}`,
/// signed over `uvarint(len) ‖ "libp2p-peer-record" ‖ uvarint(len) ‖ 0x0301 ‖ uvarint(len) ‖ payload`.
public struct SignedPeerRecord: Sendable, Equatable {
    public static let domain = Array("libp2p-peer-record".utf8)
    public static let payloadType: [UInt8] = [0x03, 0x01]
    /// Records bigger than this are refused before parsing (go-libp2p keeps them far smaller).
    public static let maximumSize = 4096

    public let peerID: Libp2pPeerID
    public let seq: UInt64
    public let addresses: [Multiaddr]
    /// The envelope as signed (what is passed on unchanged).
    public let envelope: [UInt8]

    /// Signs a record of `addresses` with `identity` (Parley's own record, sent in identify).
    public init(signing identity: Libp2pIdentityKey, seq: UInt64, addresses: [Multiaddr]) throws {
        var payload = ProtoWriter()
        payload.lengthDelimited(1, identity.peerID.bytes)
        payload.varint(2, seq)
        for address in addresses {
            var info = ProtoWriter()
            info.lengthDelimited(1, address.bytes)
            payload.lengthDelimited(3, info.bytes)
        }
        let signature = try identity.sign(Self.signedBytes(payload: payload.bytes))
        var envelope = ProtoWriter()
        envelope.lengthDelimited(1, identity.publicKey.protobuf)
        envelope.lengthDelimited(2, Self.payloadType)
        envelope.lengthDelimited(3, payload.bytes)
        envelope.lengthDelimited(5, signature)
        self.peerID = identity.peerID
        self.seq = seq
        self.addresses = addresses
        self.envelope = envelope.bytes
    }

    /// Parses and verifies an envelope: the key must sign it and own the record's peer id.
    public init(verifying envelope: [UInt8]) throws {
        guard envelope.count <= Self.maximumSize else {
            throw Libp2pCodecError.malformedProtobuf("signed peer record of \(envelope.count) bytes exceeds \(Self.maximumSize)")
        }
        let fields = try ProtoReader.fields(envelope)
        func bytes(_ n: UInt64) -> [UInt8]? {
            if case .bytes(let b)? = fields.last(where: { $0.field == n })?.value { return b }
            return nil
        }
        guard let keyBytes = bytes(1), let type = bytes(2), let payload = bytes(3), let signature = bytes(5) else {
            throw Libp2pCodecError.malformedProtobuf("signed peer record: envelope lacks a key, payload type, payload or signature")
        }
        guard type == Self.payloadType else { throw Libp2pCodecError.malformedProtobuf("signed envelope does not carry a peer record (type \(type))") }
        let key = try Libp2pPublicKey(protobuf: keyBytes)
        guard key.verify(signature: signature, message: Self.signedBytes(payload: payload)) else {
            throw Libp2pCodecError.invalidKey("signed peer record: the signature does not verify")
        }
        var id: Libp2pPeerID?
        var seq: UInt64 = 0
        var addresses: [Multiaddr] = []
        for (field, value) in try ProtoReader.fields(payload) {
            switch (field, value) {
            case (1, .bytes(let b)): id = try Libp2pPeerID(bytes: b)
            case (2, .varint(let v)): seq = v
            case (3, .bytes(let info)):
                for (f, v) in try ProtoReader.fields(info) {
                    if f == 1, case .bytes(let a) = v, let address = try? Multiaddr(bytes: a) { addresses.append(address) }
                }
            default: continue
            }
        }
        guard let id else { throw Libp2pCodecError.malformedProtobuf("signed peer record without a peer id") }
        guard id.matches(key) else { throw Libp2pCodecError.invalidKey("signed peer record: the key does not own the record's peer id") }
        self.peerID = id
        self.seq = seq
        self.addresses = addresses
        self.envelope = envelope
    }

    static func signedBytes(payload: [UInt8]) -> [UInt8] {
        UVarint.encode(UInt64(domain.count)) + domain + UVarint.encode(UInt64(payloadType.count)) + payloadType
            + UVarint.encode(UInt64(payload.count)) + payload
    }
}
