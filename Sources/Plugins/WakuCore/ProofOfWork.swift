import Foundation
import Primitives

/// Waku v1 proof of work exactly as status-go computes it (wire-facts §2.3, errata #13):
///
/// ```
/// rwn = rlp([expiry, ttl, topic, data])
/// h   = keccak256(rwn ‖ BE64(nonce))
/// pow = 2^(leading zero bits of h) / len(rwn) / (ttl + timeDifference)
/// ```
///
/// The divisor is the length of `rwn`, not the envelope size; the seal *target* uses the size
/// (`ProofOfWork.targetBits`). This is Waku/Whisper v6 — not Whisper v5's keccak of a keccak.
public enum ProofOfWork {
    /// Leading zero bits of a big-endian digest (`256 − BitLen(h)` in status-go).
    public static func leadingZeroBits(_ digest: some Collection<UInt8>) -> Int {
        var bits = 0
        for byte in digest {
            if byte == 0 { bits += 8; continue }
            return bits + byte.leadingZeroBitCount
        }
        return bits
    }

    /// `2^zeroBits / preimageLength / divisorSeconds` as status-go's float64 arithmetic computes it;
    /// `+infinity` when the TTL divisor is 0 (Go's float division by zero).
    public static func value(zeroBits: Int, preimageLength: Int, divisorSeconds: UInt64) -> Double {
        var x = Foundation.pow(2.0, Double(zeroBits))
        x /= Double(preimageLength)
        x /= Double(divisorSeconds)
        return x
    }

    /// The number of leading zero bits `seal` must find for `target`:
    /// `max(1, ceil(log2(target · size · ttl)))` (status-go `powToFirstBit`). `target` must be > 0.
    public static func targetBits(target: Double, size: Int, ttl: UInt32) -> Int {
        let bits = Foundation.log2(target * Double(size) * Double(ttl)).rounded(.up)
        guard bits.isFinite else { return bits > 0 ? 256 : 1 }
        return Swift.max(1, Swift.min(256, Int(bits)))
    }
}

/// Hashes `rwn ‖ BE64(nonce)` for many nonces, absorbing the fixed prefix `rwn` once: each nonce
/// then costs one or two Keccak-f permutations instead of `len(rwn)/136 + 1`.
struct ProofOfWorkHasher {
    /// The Keccak state after absorbing `rwn` (the hasher is a value: copying snapshots it).
    private let prefix: Keccak256
    /// `len(rwn)`, the PoW divisor.
    let preimageLength: Int

    init(expiry: UInt32, ttl: UInt32, topic: Topic, data: [UInt8]) {
        let rwn = EnvelopeEncoding.encodeWithoutNonce(expiry: expiry, ttl: ttl, topic: topic, data: data)
        var hasher = Keccak256()
        hasher.update(rwn)
        prefix = hasher
        preimageLength = rwn.count
    }

    /// Leading zero bits of `keccak256(rwn ‖ BE64(nonce))`.
    @inline(__always) func zeroBits(nonce: UInt64) -> Int {
        var hasher = prefix
        withUnsafeBytes(of: nonce.bigEndian) { hasher.update($0) }
        return ProofOfWork.leadingZeroBits(hasher.digest())
    }
}

extension Envelope {
    /// The envelope's PoW (status-go `CalculatePoW(timeDifference)`).
    ///
    /// - Parameter timeDifference: added to the TTL divisor; acceptance uses `sent − now + 1` for
    ///   envelopes sent slightly in the future (wire-facts §2.3).
    public func proofOfWork(timeDifference: UInt32 = 0) -> Double {
        let hasher = ProofOfWorkHasher(expiry: expiry, ttl: ttl, topic: topic, data: data)
        return ProofOfWork.value(zeroBits: hasher.zeroBits(nonce: nonce), preimageLength: hasher.preimageLength,
                                 divisorSeconds: UInt64(ttl) + UInt64(timeDifference))
    }

    /// Leading zero bits of the PoW hash `keccak256(rlp([expiry, ttl, topic, data]) ‖ BE64(nonce))`.
    public var proofOfWorkZeroBits: Int {
        ProofOfWorkHasher(expiry: expiry, ttl: ttl, topic: topic, data: data).zeroBits(nonce: nonce)
    }
}
