import Primitives

/// A libp2p signed peer record (libp2p/specs RFC 0003 inside an RFC 0002 envelope): the addresses a peer
/// signs for itself. It exists so addresses can be passed on by third parties — gossipsub v1.1 peer
/// exchange (PRUNE with PX), identify field 8 and `/rendezvous/1.0.0` registrations — and trusted only when
/// the peer's own key signed them.
/// `Envelope {1 PublicKey public_key; 2 bytes payload_type; 3 bytes payload; 5 bytes signature}`,
/// payload `PeerRecord {1 bytes peer_id; 2 uint64 seq; 3 repeated AddressInfo {1 bytes multiaddr}}`,
/// signed over `uvarint(len) ‖ "libp2p-peer-record" ‖ uvarint(len) ‖ 0x0301 ‖ uvarint(len) ‖ payload`
/// (payload type 0x0301 as go-libp2p and py-libp2p write it).
public struct SignedPeerRecord: Sendable, Equatable {
    public static let domain = Array("libp2p-peer-record".utf8)
    public static let payloadType: [UInt8] = [0x03, 0x01]
    /// Records bigger than this are refused before parsing (go-libp2p keeps them far smaller).
    public static let maximumSize = 4096

    /// The key that signed the envelope (it owns `peerID`).
    public let publicKey: Libp2pPublicKey
    public let peerID: Libp2pPeerID
    public let seq: UInt64
    /// The addresses Parley can read; an address of a protocol it does not know (QUIC, WebSocket) is left out,
    /// since another peer's record may well list one.
    public let addresses: [Multiaddr]
    /// The envelope as signed (what is passed on unchanged).
    public let envelope: [UInt8]

    /// Signs a record of `addresses` with `identity` (Parley's own record, sent in identify and rendezvous).
    public init(signing identity: Libp2pIdentityKey, seq: UInt64, addresses: [Multiaddr]) throws {
        let payload = Self.payload(peerID: identity.peerID, seq: seq, addresses: addresses)
        let signature = try identity.sign(Self.signedBytes(type: Self.payloadType, payload: payload))
        var envelope = ProtoWriter()
        envelope.lengthDelimited(1, identity.publicKey.protobuf)
        envelope.lengthDelimited(2, Self.payloadType)
        envelope.lengthDelimited(3, payload)
        envelope.lengthDelimited(5, signature)
        self.publicKey = identity.publicKey
        self.peerID = identity.peerID
        self.seq = seq
        self.addresses = addresses
        self.envelope = envelope.bytes
    }

    /// Parses and verifies an envelope: the key must sign it, the payload must be a peer record, and the key
    /// must own the record's peer id.
    public init(verifying envelope: [UInt8]) throws(SignedPeerRecordError) {
        guard envelope.count <= Self.maximumSize else { throw .tooLarge(envelope.count) }
        guard let fields = try? ProtoReader.fields(envelope) else { throw .malformed("the envelope is not protobuf") }
        func bytes(_ n: UInt64) -> [UInt8]? {
            if case .bytes(let b)? = fields.last(where: { $0.field == n })?.value { return b }
            return nil
        }
        guard let keyBytes = bytes(1), let type = bytes(2), let payload = bytes(3), let signature = bytes(5) else {
            throw .malformed("the envelope lacks a key, payload type, payload or signature")
        }
        guard let key = try? Libp2pPublicKey(protobuf: keyBytes) else { throw .malformed("the envelope's public key does not decode") }
        guard key.verify(signature: signature, message: Self.signedBytes(type: type, payload: payload)) else { throw .badSignature }
        guard type == Self.payloadType else { throw .wrongPayloadType(type) }
        guard let recordFields = try? ProtoReader.fields(payload) else { throw .malformed("the peer record is not protobuf") }
        var id: Libp2pPeerID?
        var seq: UInt64 = 0
        var addresses: [Multiaddr] = []
        for (field, value) in recordFields {
            switch (field, value) {
            case (1, .bytes(let b)):
                guard let parsed = try? Libp2pPeerID(bytes: b) else { throw .malformed("the record's peer id does not decode") }
                id = parsed
            case (2, .varint(let v)): seq = v
            case (3, .bytes(let info)):
                guard let inner = try? ProtoReader.fields(info) else { throw .malformed("an AddressInfo is not protobuf") }
                for case (1, .bytes(let a)) in inner {
                    if let address = try? Multiaddr(bytes: a) { addresses.append(address) }
                }
            case (1, _), (2, _), (3, _): throw .malformed("field \(field) has the wrong wire type")
            default: continue
            }
        }
        guard let id else { throw .malformed("the peer record has no peer id") }
        guard id.matches(key) else { throw .peerIDMismatch }
        self.publicKey = key
        self.peerID = id
        self.seq = seq
        self.addresses = addresses
        self.envelope = envelope
    }

    /// The `PeerRecord` protobuf (zero `seq` omitted, as proto3 writes it).
    static func payload(peerID: Libp2pPeerID, seq: UInt64, addresses: [Multiaddr]) -> [UInt8] {
        var payload = ProtoWriter()
        payload.lengthDelimited(1, peerID.bytes)
        if seq != 0 { payload.varint(2, seq) }
        for address in addresses {
            var info = ProtoWriter()
            info.lengthDelimited(1, address.bytes)
            payload.lengthDelimited(3, info.bytes)
        }
        return payload.bytes
    }

    static func signedBytes(type: [UInt8], payload: [UInt8]) -> [UInt8] {
        UVarint.encode(UInt64(domain.count)) + domain + UVarint.encode(UInt64(type.count)) + type
            + UVarint.encode(UInt64(payload.count)) + payload
    }
}

/// Why an envelope is not a valid signed peer record (a rendezvous point answers `E_INVALID_SIGNED_PEER_RECORD`,
/// gossipsub drops the PX entry).
public enum SignedPeerRecordError: Error, Equatable, Sendable, CustomStringConvertible {
    case tooLarge(Int)
    case malformed(String)
    case badSignature
    case wrongPayloadType([UInt8])
    case peerIDMismatch

    public var description: String {
        switch self {
        case .tooLarge(let size): return "signed peer record of \(size) bytes exceeds \(SignedPeerRecord.maximumSize)"
        case .malformed(let why): return "malformed signed peer record: \(why)"
        case .badSignature: return "the signed peer record's signature does not verify under its key (domain libp2p-peer-record)"
        case .wrongPayloadType(let t): return "payload type \(Hex.encode(t)) is not a peer record (0301)"
        case .peerIDMismatch: return "the peer record's peer id is not the signing key's"
        }
    }
}
