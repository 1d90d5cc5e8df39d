import Primitives

/// A Waku v1 envelope, `[expiry, ttl, topic, data, nonce]` (wire-facts §2.3, status-go `waku/common/envelope.go`).
///
/// Integers are minimal RLP integers, not fixed-width strings (errata #9). `data` is the encrypted
/// data field (`Message.seal`). The value is immutable: sealing returns a new envelope with the
/// found nonce. `hash` is computed once, at construction or decoding.
public struct Envelope: Sendable {
    /// Unix time (seconds) after which the envelope is dropped: `sent + ttl`.
    public let expiry: UInt32
    /// Time to live in seconds.
    public let ttl: UInt32
    /// Routing topic.
    public let topic: Topic
    /// The encrypted data field.
    public let data: [UInt8]
    /// The proof-of-work nonce.
    public let nonce: UInt64
    /// `keccak256` of the RLP encoding.
    public let hash: EnvelopeHash

    /// An envelope from its fields.
    public init(expiry: UInt32, ttl: UInt32, topic: Topic, data: [UInt8], nonce: UInt64 = 0) {
        self.expiry = expiry
        self.ttl = ttl
        self.topic = topic
        self.data = data
        self.nonce = nonce
        self.hash = EnvelopeHash(hashing: EnvelopeEncoding.encode(expiry: expiry, ttl: ttl, topic: topic, data: data, nonce: nonce))
    }

    /// A fresh, unsealed envelope sent at `now`: `expiry = now + ttl` (saturating), nonce 0 — status-go `NewEnvelope`.
    public init(ttl: UInt32, topic: Topic, data: [UInt8], now: UInt32) {
        let (sum, overflow) = now.addingReportingOverflow(ttl)
        self.init(expiry: overflow ? .max : sum, ttl: ttl, topic: topic, data: data)
    }

    /// Decoding fills in a hash of the bytes as received (identical to re-encoding: decoding is canonical-only).
    init(expiry: UInt32, ttl: UInt32, topic: Topic, data: [UInt8], nonce: UInt64, hash: EnvelopeHash) {
        self.expiry = expiry
        self.ttl = ttl
        self.topic = topic
        self.data = data
        self.nonce = nonce
        self.hash = hash
    }

    /// The same envelope with another nonce.
    public func with(nonce: UInt64) -> Envelope {
        Envelope(expiry: expiry, ttl: ttl, topic: topic, data: data, nonce: nonce)
    }

    /// When the envelope was sent: `expiry − ttl` (wrapping like status-go's `uint32` arithmetic).
    public var sent: UInt32 { expiry &- ttl }

    /// The size status-go checks against the maximum message size and uses for the seal target:
    /// `20 + len(data)` (`EnvelopeHeaderLength`).
    public var size: Int { WakuConstants.envelopeHeaderLength + data.count }

    /// The canonical RLP encoding `[expiry, ttl, topic, data, nonce]`.
    public func encoded() -> [UInt8] {
        EnvelopeEncoding.encode(expiry: expiry, ttl: ttl, topic: topic, data: data, nonce: nonce)
    }

    /// The envelope as an RLP item (for embedding in a larger structure such as a Messages packet).
    public var rlpItem: RLPItem {
        .list([.uint(UInt64(expiry)), .uint(UInt64(ttl)), .bytes(topic.bytes), .bytes(data), .uint(nonce)])
    }

    /// The envelope's topic as a bloom filter (status-go `Envelope.Bloom()`, with its quirk).
    public var bloom: Bloom { Bloom(topic: topic) }
}

extension Envelope: Hashable {
    /// Envelopes are equal when their hashes are (the hash covers every field).
    public static func == (lhs: Envelope, rhs: Envelope) -> Bool { lhs.hash == rhs.hash }
    public func hash(into hasher: inout Hasher) { hasher.combine(hash) }
}

extension Envelope: CustomStringConvertible {
    public var description: String {
        "Envelope(\(hash), topic \(topic), expiry \(expiry), ttl \(ttl), \(data.count) B data, nonce \(nonce))"
    }
}

/// RLP encoding of envelopes without intermediate `RLPItem` trees (the hot path of PoW and relaying).
enum EnvelopeEncoding {
    /// `rlp([expiry, ttl, topic, data, nonce])`.
    static func encode(expiry: UInt32, ttl: UInt32, topic: Topic, data: [UInt8], nonce: UInt64) -> [UInt8] {
        let payload = fieldsLength(expiry: expiry, ttl: ttl, data: data) + uintLength(nonce)
        var out: [UInt8] = []
        out.reserveCapacity(payload + 9)
        RLP.appendListHeader(payloadLength: payload, to: &out)
        appendFields(expiry: expiry, ttl: ttl, topic: topic, data: data, to: &out)
        RLP.appendUInt(nonce, to: &out)
        return out
    }

    /// `rlp([expiry, ttl, topic, data])` — the PoW pre-image without the nonce (status-go `rlpWithoutNonce`).
    static func encodeWithoutNonce(expiry: UInt32, ttl: UInt32, topic: Topic, data: [UInt8]) -> [UInt8] {
        let payload = fieldsLength(expiry: expiry, ttl: ttl, data: data)
        var out: [UInt8] = []
        out.reserveCapacity(payload + 9)
        RLP.appendListHeader(payloadLength: payload, to: &out)
        appendFields(expiry: expiry, ttl: ttl, topic: topic, data: data, to: &out)
        return out
    }

    private static func appendFields(expiry: UInt32, ttl: UInt32, topic: Topic, data: [UInt8], to out: inout [UInt8]) {
        RLP.appendUInt(UInt64(expiry), to: &out)
        RLP.appendUInt(UInt64(ttl), to: &out)
        RLP.appendBytes(topic.bytes, to: &out)
        RLP.appendBytes(data, to: &out)
    }

    private static func fieldsLength(expiry: UInt32, ttl: UInt32, data: [UInt8]) -> Int {
        uintLength(UInt64(expiry)) + uintLength(UInt64(ttl)) + 5 + bytesLength(data)
    }

    /// Encoded length of a canonical integer.
    static func uintLength(_ value: UInt64) -> Int {
        value < 0x80 ? 1 : 1 + (64 - value.leadingZeroBitCount + 7) / 8
    }

    /// Encoded length of a byte string.
    static func bytesLength(_ bytes: [UInt8]) -> Int {
        if bytes.count == 1 && bytes[0] < 0x80 { return 1 }
        if bytes.count < 56 { return 1 + bytes.count }
        return 1 + (64 - UInt64(bytes.count).leadingZeroBitCount + 7) / 8 + bytes.count
    }
}
