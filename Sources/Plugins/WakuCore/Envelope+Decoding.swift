import Primitives

extension Envelope {
    /// Decodes one RLP-encoded envelope; `hash` is the keccak256 of exactly these bytes.
    ///
    /// - Throws: `EnvelopeDecodingError` for non-canonical RLP, trailing bytes, a wrong field count or
    ///   shape, non-minimal or oversized integers and a topic that is not 4 bytes. Never traps.
    public init(decoding bytes: some Collection<UInt8>) throws(EnvelopeDecodingError) {
        let raw = Array(bytes)
        let item: RLPItem
        do { item = try RLP.decode(raw) } catch let error as RLPError { throw .malformedRLP(error) } catch {
            throw .malformedRLP(.emptyInput)
        }
        try self.init(item: item, hash: EnvelopeHash(hashing: raw))
    }

    /// Decodes envelope bytes this node hashed itself before (an archive row keeps both), trusting
    /// `storedHash` instead of hashing the bytes again: serving history costs no keccak per envelope.
    /// Only for bytes from the node's own storage, never for bytes from a peer.
    public init(decodingStored bytes: some Collection<UInt8>, storedHash: EnvelopeHash) throws(EnvelopeDecodingError) {
        let item: RLPItem
        do { item = try RLP.decode(Array(bytes)) } catch let error as RLPError { throw .malformedRLP(error) } catch {
            throw .malformedRLP(.emptyInput)
        }
        try self.init(item: item, hash: storedHash)
    }

    /// An envelope from an already-decoded RLP item (e.g. one element of a Messages packet decoded
    /// as a tree). Decoding is canonical-only, so the re-encoded hash equals the hash of the bytes received.
    public init(item: RLPItem) throws(EnvelopeDecodingError) {
        try self.init(item: item, hash: nil)
    }

    /// Decodes a Messages / P2PMessage payload `[envelope…]`, hashing each envelope's bytes as received.
    ///
    /// - Throws: `EnvelopeDecodingError.inList` naming the first malformed envelope, or
    ///   `.malformedRLP` / `.notAList` for the outer list.
    public static func decodeList(_ bytes: some Collection<UInt8>) throws(EnvelopeDecodingError) -> [Envelope] {
        let parts: [[UInt8]]
        do { parts = try RLP.splitList(bytes) } catch let error as RLPError {
            throw error == .expectedList ? .notAList : .malformedRLP(error)
        } catch {
            throw .malformedRLP(.emptyInput)
        }
        var envelopes: [Envelope] = []
        envelopes.reserveCapacity(parts.count)
        for (index, part) in parts.enumerated() {
            do { envelopes.append(try Envelope(decoding: part)) } catch { throw .inList(index: index, error) }
        }
        return envelopes
    }

    /// Encodes a list of envelopes as a Messages / P2PMessage payload.
    public static func encodeList(_ envelopes: [Envelope]) -> [UInt8] {
        RLP.encodeList(ofEncoded: envelopes.map { $0.encoded() })
    }

    private init(item: RLPItem, hash: EnvelopeHash?) throws(EnvelopeDecodingError) {
        guard case .list(let fields) = item else { throw .notAList }
        if fields.count > EnvelopeField.allCases.count { throw .extraFields(fields.count - EnvelopeField.allCases.count) }
        func field(_ name: EnvelopeField) throws(EnvelopeDecodingError) -> [UInt8] {
            guard name.rawValue < fields.count else { throw .missingField(name) }
            guard case .bytes(let bytes) = fields[name.rawValue] else { throw .fieldIsList(name) }
            return bytes
        }
        /// A canonical integer of type `T` (Primitives' `asUInt`), with its RLP error named after the field.
        func integer<T: FixedWidthInteger & UnsignedInteger>(_ name: EnvelopeField, as type: T.Type) throws(EnvelopeDecodingError) -> T {
            guard name.rawValue < fields.count else { throw .missingField(name) }
            do {
                return try fields[name.rawValue].asUInt(type)
            } catch RLPError.expectedBytes {
                throw .fieldIsList(name)
            } catch RLPError.integerLeadingZero {
                throw .nonCanonicalInteger(name)
            } catch RLPError.integerTooLarge(let byteCount, _) {
                throw .integerTooLarge(name, byteCount: byteCount)
            } catch {
                throw .malformedRLP(error as? RLPError ?? .expectedBytes)
            }
        }
        let expiry = try integer(.expiry, as: UInt32.self)
        let ttl = try integer(.ttl, as: UInt32.self)
        let topicBytes = try field(.topic)
        guard topicBytes.count == Topic.byteCount, let topic = try? Topic(bytes: topicBytes) else {
            throw .wrongTopicLength(topicBytes.count)
        }
        let data = try field(.data)
        let nonce = try integer(.nonce, as: UInt64.self)
        if let hash {
            self.init(expiry: expiry, ttl: ttl, topic: topic, data: data, nonce: nonce, hash: hash)
        } else {
            self.init(expiry: expiry, ttl: ttl, topic: topic, data: data, nonce: nonce)
        }
    }
}
