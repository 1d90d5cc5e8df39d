/// Ethereum's Keccak-256: Keccak-f[1600], rate 136 bytes, original Keccak padding (first pad byte
/// `0x01`) — **not** FIPS-202 SHA3-256, whose pad byte is `0x06` (wire-facts §0.1).
///
/// It exists because swift-crypto only ships SHA3-256. Node ids, addresses, RLPx secrets and MACs,
/// topics, envelope hashes and every Ethereum/Status signature digest use this hash.
///
/// The hasher is a value type with no heap storage, so copying it snapshots the running state.
/// `digest()` does not finalize the running state (Go `hash.Sum` semantics): RLPx keeps updating its
/// egress/ingress MAC states after reading a digest from them (wire-facts §1.3).
public struct Keccak256: Sendable {
    /// Bytes absorbed per permutation (1088-bit rate).
    public static let blockSize = 136
    /// Output length in bytes.
    public static let digestSize = 32

    private typealias Lanes = (
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64, UInt64
    )
    private typealias Block = (
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64
    )

    private var state: Lanes = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    /// Input bytes not yet absorbed (fewer than `blockSize`).
    private var pending: Block = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    private var pendingCount = 0

    /// A hasher over the empty string.
    public init() {}

    /// Absorbs `bytes` into the running state.
    public mutating func update(_ bytes: some Collection<UInt8>) {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            absorb(UnsafeRawBufferPointer(buffer))
        }
        if handled == nil {
            Array(bytes).withUnsafeBytes { absorb($0) }
        }
    }

    /// The 32-byte digest of everything absorbed so far. The hasher itself is unchanged and can
    /// keep absorbing.
    public func digest() -> [UInt8] {
        var copy = self
        return copy.finish()
    }

    /// One-shot Keccak-256 of `bytes`.
    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var hasher = Keccak256()
        hasher.update(bytes)
        return hasher.finish()
    }

    // MARK: - Sponge

    private mutating func absorb(_ input: UnsafeRawBufferPointer) {
        guard var cursor = input.baseAddress, input.count > 0 else { return }
        var remaining = input.count
        if pendingCount > 0 {
            let take = Swift.min(Self.blockSize - pendingCount, remaining)
            let offset = pendingCount
            withUnsafeMutableBytes(of: &pending) { block in
                (block.baseAddress! + offset).copyMemory(from: cursor, byteCount: take)
            }
            pendingCount += take
            cursor += take
            remaining -= take
            guard pendingCount == Self.blockSize else { return }
            let block = pending
            withUnsafeBytes(of: block) { absorbBlock($0.baseAddress!) }
            pendingCount = 0
        }
        while remaining >= Self.blockSize {
            absorbBlock(cursor)
            cursor += Self.blockSize
            remaining -= Self.blockSize
        }
        if remaining > 0 {
            withUnsafeMutableBytes(of: &pending) { block in
                block.baseAddress!.copyMemory(from: cursor, byteCount: remaining)
            }
            pendingCount = remaining
        }
    }

    /// XORs one 136-byte block into the first 17 lanes and permutes.
    @inline(__always) private mutating func absorbBlock(_ block: UnsafeRawPointer) {
        withUnsafeMutableBytes(of: &state) { raw in
            let lanes = raw.baseAddress!.assumingMemoryBound(to: UInt64.self)
            for i in 0..<17 {
                lanes[i] ^= UInt64(littleEndian: block.loadUnaligned(fromByteOffset: i &* 8, as: UInt64.self))
            }
            KeccakF1600.permute(lanes)
        }
    }

    /// Pads (0x01 … 0x80), absorbs the last block and squeezes 32 bytes. Consumes the state.
    private mutating func finish() -> [UInt8] {
        let count = pendingCount
        var block = pending
        withUnsafeMutableBytes(of: &block) { raw in
            for i in count..<Self.blockSize { raw[i] = 0 }
            raw[count] ^= 0x01
            raw[Self.blockSize - 1] ^= 0x80
        }
        withUnsafeBytes(of: block) { absorbBlock($0.baseAddress!) }
        pendingCount = 0
        return withUnsafeBytes(of: state) { raw in
            var out = [UInt8](repeating: 0, count: Self.digestSize)
            for lane in 0..<4 {
                let value = raw.loadUnaligned(fromByteOffset: lane * 8, as: UInt64.self).littleEndian
                for byte in 0..<8 { out[lane * 8 + byte] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(byte))) }
            }
            return out
        }
    }
}
