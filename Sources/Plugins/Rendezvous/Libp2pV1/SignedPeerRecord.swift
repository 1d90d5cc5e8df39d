import Libp2pCore
import Primitives

/// A libp2p peer record (libp2p/specs RFC 0003): `PeerRecord{1: peer_id, 2: seq, 3: repeated AddressInfo{1: multiaddr}}`.
/// `/rendezvous/1.0.0` registrations carry it inside a signed envelope so a rendezvous point can prove whose addresses
/// it hands out.
public struct Libp2pPeerRecord: Sendable, Equatable {
    public var peerID: [UInt8]
    public var seq: UInt64
    /// Binary multiaddrs.
    public var addresses: [[UInt8]]

    public init(peerID: [UInt8], seq: UInt64, addresses: [[UInt8]]) {
        self.peerID = peerID
        self.seq = seq
        self.addresses = addresses
    }

    public var bytes: [UInt8] {
        var w = ProtoWriter()
        w.lengthDelimited(1, peerID)
        if seq != 0 { w.varint(2, seq) }
        for address in addresses {
            var info = ProtoWriter()
            info.lengthDelimited(1, address)
            w.lengthDelimited(3, info.bytes)
        }
        return w.bytes
    }

    public init(bytes: [UInt8]) throws(SignedPeerRecordError) {
        guard let fields = try? ProtoReader.fields(bytes) else { throw .malformed("the peer record is not protobuf") }
        var id: [UInt8]?, seq: UInt64 = 0, addresses: [[UInt8]] = []
        for (field, value) in fields {
            switch (field, value) {
            case (1, .bytes(let b)): id = b
            case (2, .varint(let v)): seq = v
            case (3, .bytes(let info)):
                guard let inner = try? ProtoReader.fields(info),
                      case .bytes(let address)? = inner.last(where: { $0.field == 1 })?.value else {
                    throw .malformed("an AddressInfo without a multiaddr")
                }
                guard (try? Multiaddr(bytes: address)) != nil else { throw .malformed("an address that is not a multiaddr") }
                addresses.append(address)
            case (1, _), (2, _), (3, _): throw .malformed("field \(field) has the wrong wire type")
            default: continue
            }
        }
        guard let id, !id.isEmpty else { throw .malformed("the peer record has no peer id") }
        self.init(peerID: id, seq: seq, addresses: addresses)
    }
}

/// Signed envelopes (RFC 0002) `Envelope{1: public key protobuf, 2: payload type, 3: payload, 5: signature}`, signed over
/// `uvarint(len(domain)) ‖ domain ‖ uvarint(len(type)) ‖ type ‖ uvarint(len(payload)) ‖ payload`; and the peer-record
/// use of them: domain `libp2p-peer-record`, payload type `0x03 0x01` (raw bytes, as go-libp2p and py-libp2p write them).
public enum SignedPeerRecord {
    public static let domain = "libp2p-peer-record"
    public static let payloadType: [UInt8] = [0x03, 0x01]

    /// An envelope around `record`, signed with `key`.
    public static func seal(_ record: Libp2pPeerRecord, with key: Libp2pIdentityKey) throws -> [UInt8] {
        let payload = record.bytes
        var w = ProtoWriter()
        w.lengthDelimited(1, key.publicKey.protobuf)
        w.lengthDelimited(2, payloadType)
        w.lengthDelimited(3, payload)
        w.lengthDelimited(5, try key.sign(signedBytes(domain: domain, type: payloadType, payload: payload)))
        return w.bytes
    }

    /// The signer and the record of a peer-record envelope, after checking the signature, the payload type and
    /// that the record's peer id is the signer's.
    public static func open(_ envelope: [UInt8]) throws(SignedPeerRecordError) -> (signer: Libp2pPublicKey, record: Libp2pPeerRecord) {
        guard let fields = try? ProtoReader.fields(envelope) else { throw .malformed("the envelope is not protobuf") }
        func data(_ n: UInt64) -> [UInt8]? {
            if case .bytes(let b)? = fields.last(where: { $0.field == n })?.value { return b }
            return nil
        }
        guard let keyBytes = data(1), let type = data(2), let payload = data(3), let signature = data(5) else {
            throw .malformed("the envelope lacks a key, payload type, payload or signature")
        }
        guard let key = try? Libp2pPublicKey(protobuf: keyBytes) else { throw .malformed("the envelope's public key does not decode") }
        guard key.verify(signature: signature, message: signedBytes(domain: domain, type: type, payload: payload)) else {
            throw .badSignature
        }
        guard type == payloadType else { throw .wrongPayloadType(type) }
        let record = try Libp2pPeerRecord(bytes: payload)
        guard record.peerID == Libp2pPeerID(publicKey: key).bytes else { throw .peerIDMismatch }
        return (key, record)
    }

    static func signedBytes(domain: String, type: [UInt8], payload: [UInt8]) -> [UInt8] {
        let d = Array(domain.utf8)
        return UVarint.encode(UInt64(d.count)) + d + UVarint.encode(UInt64(type.count)) + type + UVarint.encode(UInt64(payload.count)) + payload
    }
}

/// Why an envelope is not a valid signed peer record (a rendezvous point answers `E_INVALID_SIGNED_PEER_RECORD`).
public enum SignedPeerRecordError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed(String)
    case badSignature
    case wrongPayloadType([UInt8])
    case peerIDMismatch

    public var description: String {
        switch self {
        case .malformed(let why): return "malformed signed peer record: \(why)"
        case .badSignature: return "the signed peer record's signature does not verify under its key (domain libp2p-peer-record)"
        case .wrongPayloadType(let t): return "payload type \(Hex.encode(t)) is not a peer record (0301)"
        case .peerIDMismatch: return "the peer record's peer id is not the signing key's"
        }
    }
}
