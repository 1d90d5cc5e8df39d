extension NodeRecord {
    /// Builds and signs a record. `id` = "v4" and `secp256k1` = the signer's compressed key are set
    /// automatically (passing either is an error); keys are sorted bytewise. Signing uses RFC 6979,
    /// so the same inputs always give the same record.
    public static func build(seq: UInt64, pairs: [String: RLPItem], signingWith key: PrivateKey) throws -> NodeRecord {
        for reserved in ["id", "secp256k1"] where pairs[reserved] != nil {
            throw ENRError.invalidPair("'\(reserved)' is set from the signing key; do not pass it")
        }
        var all = pairs
        all["id"] = .string("v4")
        all["secp256k1"] = .bytes(key.publicKey.compressed)
        let sorted = all.sorted { enrKeyPrecedes($0.key, $1.key) }.map { (key: $0.key, value: $0.value) }
        let unsigned = NodeRecord(seq: seq, pairs: sorted, signature: [])
        let signature = try key.signCompact(digest: Keccak256.hash(unsigned.contentRLP))
        let record = NodeRecord(seq: seq, pairs: sorted, signature: signature)
        let size = record.rlpBytes.count
        guard size <= maxEncodedSize else { throw ENRError.tooLarge(size) }
        return record
    }

    /// Builds the common record: IPv4 address (4 bytes), TCP and UDP ports — each optional.
    public static func build(seq: UInt64, ip: [UInt8]? = nil, tcp: UInt16? = nil, udp: UInt16? = nil,
                             signingWith key: PrivateKey) throws -> NodeRecord {
        var pairs: [String: RLPItem] = [:]
        if let ip {
            guard ip.count == 4 else { throw ENRError.invalidPair("'ip' must be 4 bytes (IPv4), got \(ip.count)") }
            pairs["ip"] = .bytes(ip)
        }
        if let tcp { pairs["tcp"] = .uint(UInt64(tcp)) }
        if let udp { pairs["udp"] = .uint(UInt64(udp)) }
        return try build(seq: seq, pairs: pairs, signingWith: key)
    }

    /// A re-signed copy with `seq + 1`, `changes` applied (a `nil` value removes the key).
    public func updated(_ changes: [String: RLPItem?], signingWith key: PrivateKey) throws -> NodeRecord {
        var values: [String: RLPItem] = [:]
        for pair in pairs where pair.key != "id" && pair.key != "secp256k1" { values[pair.key] = pair.value }
        for (name, value) in changes {
            guard name != "id" && name != "secp256k1" else {
                throw ENRError.invalidPair("'\(name)' is set from the signing key; do not pass it")
            }
            values[name] = value
        }
        let (next, overflow) = seq.addingReportingOverflow(1)
        guard !overflow else { throw ENRError.invalidPair("seq is already at its maximum") }
        return try NodeRecord.build(seq: next, pairs: values, signingWith: key)
    }
}
