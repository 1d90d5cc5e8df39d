import CSnappy

/// Snappy **block** format (not the framing format) via libsnappy — devp2p message compression
/// for peers with Hello version ≥ 5 (wire-facts §1.4).
///
/// Decompression reads the claimed decoded length first and refuses anything above the cap before
/// allocating, so a few bytes cannot make the node allocate gigabytes (a "snappy bomb").
public enum Snappy {
    /// devp2p's limit on a decoded message: 2^24 − 1 bytes.
    public static let maxDecodedLength = (1 << 24) - 1

    /// Compresses `input` in the block format.
    public static func compress(_ input: [UInt8]) -> [UInt8] {
        let capacity = snappy_max_compressed_length(input.count)
        var output = [UInt8](repeating: 0, count: capacity)
        var length = capacity
        // A non-empty buffer so the source pointer is never nil; only input.count bytes are read.
        let source = input.isEmpty ? [0] : input
        let status = source.withUnsafeBytes { source in
            output.withUnsafeMutableBytes { target in
                snappy_compress(source.baseAddress!.assumingMemoryBound(to: CChar.self), input.count,
                                target.baseAddress!.assumingMemoryBound(to: CChar.self), &length)
            }
        }
        precondition(status == SNAPPY_OK, "snappy_compress failed with a buffer of snappy_max_compressed_length")
        output.removeSubrange(length...)
        return output
    }

    /// Decompresses a block-format buffer whose decoded size is at most `maxLength`.
    public static func decompress(_ input: [UInt8], maxLength: Int = maxDecodedLength) throws -> [UInt8] {
        guard !input.isEmpty else { throw SnappyError.emptyInput }
        return try input.withUnsafeBytes { source in
            let compressed = source.baseAddress!.assumingMemoryBound(to: CChar.self)
            var claimed = 0
            guard snappy_uncompressed_length(compressed, input.count, &claimed) == SNAPPY_OK else {
                throw SnappyError.invalidInput
            }
            guard claimed <= maxLength else { throw SnappyError.tooLarge(claimed: claimed, limit: maxLength) }
            guard claimed > 0 else {
                guard snappy_validate_compressed_buffer(compressed, input.count) == SNAPPY_OK else { throw SnappyError.invalidInput }
                return []
            }
            var output = [UInt8](repeating: 0, count: claimed)
            var length = claimed
            let status = output.withUnsafeMutableBytes { target in
                snappy_uncompress(compressed, input.count, target.baseAddress!.assumingMemoryBound(to: CChar.self), &length)
            }
            guard status == SNAPPY_OK, length == claimed else { throw SnappyError.invalidInput }
            return output
        }
    }

    /// The decoded length a buffer claims, without decompressing it.
    public static func decodedLength(_ input: [UInt8]) throws -> Int {
        guard !input.isEmpty else { throw SnappyError.emptyInput }
        var claimed = 0
        let status = input.withUnsafeBytes { source in
            snappy_uncompressed_length(source.baseAddress!.assumingMemoryBound(to: CChar.self), input.count, &claimed)
        }
        guard status == SNAPPY_OK else { throw SnappyError.invalidInput }
        return claimed
    }
}

/// Why a snappy buffer was rejected.
public enum SnappyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Zero bytes: even an empty message compresses to one byte (`00`).
    case emptyInput
    /// Not a valid snappy block-format buffer.
    case invalidInput
    /// The buffer claims a decoded size above the limit; nothing was allocated.
    case tooLarge(claimed: Int, limit: Int)

    public var description: String {
        switch self {
        case .emptyInput:
            return "snappy input is empty; a compressed block has at least one length byte"
        case .invalidInput:
            return "snappy input is not a valid block-format buffer (corrupt, truncated, or framing format)"
        case .tooLarge(let claimed, let limit):
            return "snappy input claims \(claimed) decoded bytes, over the limit of \(limit); refusing to decompress"
        }
    }
}
