import Primitives

extension ExtendedKey {
    /// Mainnet version bytes: `0488ade4` (xprv) and `0488b21e` (xpub).
    static let privateVersion: [UInt8] = [0x04, 0x88, 0xad, 0xe4]
    static let publicVersion: [UInt8] = [0x04, 0x88, 0xb2, 0x1e]

    /// `xprv…` (base58check), or `nil` for a public-only key. Treat as secret.
    public var xprv: String? {
        guard let key = privateKey else { return nil }
        var payload = serialize(version: ExtendedKey.privateVersion, keyData: [0] + key.rawBytes)
        defer { secureZero(&payload) }
        return Base58Check.encode(payload)
    }

    /// `xpub…` (base58check).
    public var xpub: String {
        Base58Check.encode(serialize(version: ExtendedKey.publicVersion, keyData: publicKey.compressed))
    }

    private func serialize(version: [UInt8], keyData: [UInt8]) -> [UInt8] {
        var out = version
        out.append(depth)
        out += parentFingerprint
        out += [UInt8(childNumber >> 24), UInt8(truncatingIfNeeded: childNumber >> 16),
                UInt8(truncatingIfNeeded: childNumber >> 8), UInt8(truncatingIfNeeded: childNumber)]
        out += chainCode
        out += keyData
        return out
    }

    /// Parses `xprv…` or `xpub…` text, checking the checksum, version, key validity and the master-key
    /// invariants (depth 0 ⇒ zero parent fingerprint and child number).
    public init(serialized text: String) throws {
        var payload = try Base58Check.decode(text.trimmingCharactersInWhitespace())
        defer { secureZero(&payload) }
        guard payload.count == 78 else { throw ExtendedKeyError.wrongLength(payload.count) }
        let version = Array(payload[0..<4])
        let depth = payload[4]
        let parent = Array(payload[5..<9])
        let childNumber = payload[9..<13].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let chainCode = Array(payload[13..<45])
        let keyData = Array(payload[45..<78])
        if depth == 0 {
            guard parent == [0, 0, 0, 0] else { throw ExtendedKeyError.invalidMasterFields("parent fingerprint is not zero") }
            guard childNumber == 0 else { throw ExtendedKeyError.invalidMasterFields("child number is not zero") }
        }
        let material: Material
        switch version {
        case ExtendedKey.privateVersion:
            guard keyData[0] == 0 else { throw ExtendedKeyError.invalidKey("a private key must start with 0x00") }
            do { material = .privateKey(try PrivateKey(rawBytes: keyData[1...])) } catch {
                throw ExtendedKeyError.invalidKey("the private key is zero or not below the curve order")
            }
        case ExtendedKey.publicVersion:
            guard keyData[0] == 2 || keyData[0] == 3 else { throw ExtendedKeyError.invalidKey("a public key must start with 0x02 or 0x03") }
            do { material = .publicKey(try PublicKey(bytes: keyData)) } catch {
                throw ExtendedKeyError.invalidKey("the public key is not a point on secp256k1")
            }
        default:
            throw ExtendedKeyError.unknownVersion(Hex.encode(version))
        }
        self.init(material: material, chainCode: chainCode, depth: depth, parentFingerprint: parent, childNumber: childNumber)
    }
}
