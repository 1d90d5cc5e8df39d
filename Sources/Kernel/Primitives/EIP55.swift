/// EIP-55 mixed-case checksummed Ethereum addresses (wire-facts §0.3), as wallets and Status display them.
public enum EIP55 {
    /// `"0x"` + the address with hex letters upper-cased where the keccak256 of the lower-case hex
    /// has a nibble ≥ 8.
    public static func checksum(address: some Collection<UInt8>) -> String {
        let lower = Array(Hex.encode(address).utf8)
        let hash = Keccak256.hash(lower)
        var out = lower
        for i in 0..<out.count where out[i] >= UInt8(ascii: "a") {
            let nibble = i % 2 == 0 ? hash[i / 2] >> 4 : hash[i / 2] & 0x0f
            if nibble >= 8 { out[i] -= 32 }
        }
        return "0x" + String(decoding: out, as: UTF8.self)
    }
}

extension PublicKey {
    /// The EIP-55 checksummed address string, e.g. `0x9858EfFD232B4033E47d90003D41EC34EcaEda94`.
    public var checksumAddress: String { EIP55.checksum(address: ethereumAddress) }
}
