import Primitives

extension FuzzTarget {
    /// ENR (EIP-778, Sources/Kernel/Primitives): the RLP form and the `enr:` text form, with and without
    /// the signature check, and the accessors of a record that decodes.
    public static let enr = FuzzTarget(
        name: "enr",
        summary: "NodeRecord(rlp:) and NodeRecord(text:) with and without signature check; accessors",
        run: { input in
            for requireSignature in [false, true] {
                if let record = try? NodeRecord(rlp: input, requireValidSignature: requireSignature) {
                    _ = record.text
                    _ = (record.identityScheme, record.nodeID, record.ipString, record.ip6, record.contentRLP)
                }
            }
            let text = String(decoding: input, as: UTF8.self)
            for candidate in [text, "enr:" + text] {
                if let record = try? NodeRecord(text: candidate, requireValidSignature: true) {
                    _ = (record.text, record.publicKey, record.ipString)
                }
            }
        },
        seeds: {
            let eip778 = "enr:-IS4QHCYrYZbAKWCBRlAy5zzaDZXJBGkcnh4MHcBFZntXNFrdvJjX04jRzjzCBOonrkTfj499SZuOh8R33Ls8RRcy5wBgmlkgnY0gmlwhH8AAAGJc2VjcDI1NmsxoQPKY0yuDUmstAHYpMa2_oxVtw0RW_QAdpzBQA8yWM0xOIN1ZHCCdl8"
            var seeds: [[UInt8]] = [Array(eip778.utf8)]
            if let record = try? NodeRecord(text: eip778) { seeds.append(record.rlpBytes) }
            if let built = try? NodeRecord.build(seq: 7, ip: [127, 0, 0, 1], tcp: 30303, udp: 30303, signingWith: FuzzFixtures.keyB) {
                seeds.append(built.rlpBytes)
                seeds.append(Array(built.text.utf8))
            }
            return seeds
        })
}
