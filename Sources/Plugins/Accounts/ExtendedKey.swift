import Primitives

/// A BIP-32 extended key (wire-facts §6.2): a secp256k1 key plus chain code, depth, parent fingerprint and
/// child number. Private keys derive hardened and normal children; public keys (`neutered`) derive
/// normal children only.
public struct ExtendedKey: Sendable, Equatable {
    /// The key material: private (can derive everything) or public only.
    public enum Material: Sendable, Equatable {
        case privateKey(PrivateKey)
        case publicKey(PublicKey)
    }

    /// The key itself.
    public let material: Material
    /// The 32-byte chain code.
    public let chainCode: [UInt8]
    /// Steps from the master key (0 for the master).
    public let depth: UInt8
    /// The first 4 bytes of HASH160 of the parent's compressed public key (zeros for the master).
    public let parentFingerprint: [UInt8]
    /// The child number this key was derived with (0 for the master).
    public let childNumber: UInt32

    /// The private key, if this is a private extended key.
    public var privateKey: PrivateKey? {
        if case .privateKey(let key) = material { return key }
        return nil
    }

    /// The public key.
    public var publicKey: PublicKey {
        switch material {
        case .privateKey(let key): return key.publicKey
        case .publicKey(let key): return key
        }
    }

    /// HASH160(pub33)[0..4]: how children name this key as their parent.
    public var fingerprint: [UInt8] { Array(RIPEMD160.hash(SHA2.sha256(publicKey.compressed)).prefix(4)) }

    /// The same position as a public-only key.
    public var neutered: ExtendedKey {
        ExtendedKey(material: .publicKey(publicKey), chainCode: chainCode, depth: depth,
                    parentFingerprint: parentFingerprint, childNumber: childNumber)
    }

    init(material: Material, chainCode: [UInt8], depth: UInt8, parentFingerprint: [UInt8], childNumber: UInt32) {
        self.material = material
        self.chainCode = chainCode
        self.depth = depth
        self.parentFingerprint = parentFingerprint
        self.childNumber = childNumber
    }

    /// The master key of a seed (16–64 bytes): `I = HMAC-SHA512("Bitcoin seed", seed)`.
    public static func master(seed: some Collection<UInt8>) throws -> ExtendedKey {
        var bytes = Array(seed)
        defer { secureZero(&bytes) }
        guard (16...64).contains(bytes.count) else { throw ExtendedKeyError.invalidSeedLength(bytes.count) }
        var i = Primitives.KDF.hmacSHA512(key: Array("Bitcoin seed".utf8), data: bytes)
        defer { secureZero(&i) }
        let key: PrivateKey
        do {
            key = try PrivateKey(rawBytes: i[0..<32])
        } catch {
            throw ExtendedKeyError.invalidMasterKey
        }
        return ExtendedKey(material: .privateKey(key), chainCode: Array(i[32..<64]), depth: 0,
                           parentFingerprint: [0, 0, 0, 0], childNumber: 0)
    }

    /// The child at `index` (one BIP-32 step).
    public func child(_ index: ChildIndex) throws -> ExtendedKey {
        guard depth < UInt8.max else { throw ExtendedKeyError.depthExceeded }
        let number = index.childNumber
        let numberBytes: [UInt8] = [UInt8(number >> 24), UInt8(truncatingIfNeeded: number >> 16),
                                    UInt8(truncatingIfNeeded: number >> 8), UInt8(truncatingIfNeeded: number)]
        var data: [UInt8]
        if index.isHardened {
            guard let key = privateKey else { throw ExtendedKeyError.hardenedFromPublic(index.description) }
            data = [0] + key.rawBytes + numberBytes
        } else {
            data = publicKey.compressed + numberBytes
        }
        defer { secureZero(&data) }
        var i = Primitives.KDF.hmacSHA512(key: chainCode, data: data)
        defer { secureZero(&i) }
        let tweak = i[0..<32]
        let childMaterial: Material
        do {
            switch material {
            case .privateKey(let key): childMaterial = .privateKey(try key.adding(tweak: tweak))
            case .publicKey(let key): childMaterial = .publicKey(try key.adding(tweak: tweak))
            }
        } catch {
            // Probability below 2^-127; BIP-32 says to skip to the next index.
            throw ExtendedKeyError.invalidChild(index.description)
        }
        return ExtendedKey(material: childMaterial, chainCode: Array(i[32..<64]), depth: depth + 1,
                           parentFingerprint: fingerprint, childNumber: number)
    }

    /// The key at `path`, relative to this key.
    public func derive(_ path: DerivationPath) throws -> ExtendedKey {
        guard Int(depth) + path.components.count <= DerivationPath.maximumDepth else { throw ExtendedKeyError.depthExceeded }
        var key = self
        for step in path.components { key = try key.child(step) }
        return key
    }

    /// The key at a path written as text, e.g. `"m/44'/60'/0'/0/0"`.
    public func derive(path text: String) throws -> ExtendedKey {
        try derive(DerivationPath(parsing: text))
    }

    public static func == (lhs: ExtendedKey, rhs: ExtendedKey) -> Bool {
        lhs.material == rhs.material && lhs.chainCode == rhs.chainCode && lhs.depth == rhs.depth
            && lhs.parentFingerprint == rhs.parentFingerprint && lhs.childNumber == rhs.childNumber
    }
}

extension ExtendedKey: CustomStringConvertible {
    /// The xpub (never the private key).
    public var description: String { "ExtendedKey(\(xpub))" }
}
