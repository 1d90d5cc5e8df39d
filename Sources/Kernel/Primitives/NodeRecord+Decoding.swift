extension NodeRecord {
    /// Decodes an RLP record, checking: size ≤ 300, canonical RLP, 64-byte signature, canonical seq,
    /// an even number of pair elements, UTF-8 keys sorted bytewise and unique, and `id` = "v4".
    ///
    /// A signature that does not verify is accepted unless `requireValidSignature` is `true`
    /// (check `verifySignature()` yourself otherwise).
    public init(rlp bytes: [UInt8], requireValidSignature: Bool = false) throws {
        guard bytes.count <= Self.maxEncodedSize else { throw ENRError.tooLarge(bytes.count) }
        let item: RLPItem
        do {
            item = try RLP.decode(bytes)
        } catch let error as RLPError {
            throw ENRError.invalidRLP(error)
        }
        guard case .list(let elements) = item else { throw ENRError.notAList }
        guard elements.count >= 2 else { throw ENRError.missingSignatureOrSeq }
        guard case .bytes(let signature) = elements[0] else { throw ENRError.invalidSignatureLength(0) }
        guard signature.count == 64 else { throw ENRError.invalidSignatureLength(signature.count) }
        guard let seq = try? elements[1].asUInt64() else { throw ENRError.invalidSeq }
        let rest = elements.dropFirst(2)
        guard rest.count % 2 == 0 else { throw ENRError.oddNumberOfPairElements }

        var pairs: [(key: String, value: RLPItem)] = []
        pairs.reserveCapacity(rest.count / 2)
        var index = rest.startIndex
        while index < rest.endIndex {
            guard let key = try? rest[index].asString() else { throw ENRError.invalidKey }
            if let previous = pairs.last?.key {
                if previous == key { throw ENRError.duplicateKey(key) }
                if !enrKeyPrecedes(previous, key) { throw ENRError.keysNotSorted(previous: previous, key: key) }
            }
            pairs.append((key: key, value: rest[index + 1]))
            index += 2
        }
        self.init(seq: seq, pairs: pairs, signature: signature)

        guard let scheme = self["id"] else { throw ENRError.missingIdentityScheme }
        guard let name = try? scheme.asString(), name == "v4" else {
            throw ENRError.unknownIdentityScheme((try? scheme.asString()) ?? scheme.description)
        }
        if requireValidSignature && !verifySignature() { throw ENRError.invalidSignature }
    }

    /// Decodes the text form `enr:<base64url>` (surrounding whitespace is not trimmed).
    public init(text: String, requireValidSignature: Bool = false) throws {
        guard text.hasPrefix("enr:") else { throw ENRError.missingPrefix }
        let encoded = text.dropFirst(4)
        // Reject oversize text before decoding it: 300 bytes are at most 400 base64 characters.
        guard encoded.utf8.count <= (Self.maxEncodedSize * 4 + 2) / 3 else {
            throw ENRError.tooLarge(encoded.utf8.count * 3 / 4)
        }
        let bytes: [UInt8]
        do {
            bytes = try Base64URL.decode(String(encoded))
        } catch let error as Base64URLError {
            throw ENRError.invalidBase64(error)
        }
        try self.init(rlp: bytes, requireValidSignature: requireValidSignature)
    }
}
