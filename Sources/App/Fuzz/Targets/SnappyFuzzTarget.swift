import Primitives

extension FuzzTarget {
    /// Snappy (Sources/Kernel/Primitives, libsnappy): decompression with the length cap devp2p uses, the
    /// length probe, and a compress/decompress round trip of the input.
    public static let snappy = FuzzTarget(
        name: "snappy",
        summary: "Snappy.decodedLength, Snappy.decompress with a 1 MiB cap; compress→decompress round trip",
        run: { input in
            _ = try? Snappy.decodedLength(input)
            if let output = try? Snappy.decompress(input, maxLength: 1 << 20) {
                precondition(output.count <= 1 << 20, "decompress returned \(output.count) bytes past its 1 MiB cap")
            }
            let compressed = Snappy.compress(input)
            guard let back = try? Snappy.decompress(compressed, maxLength: max(input.count, 1)) else {
                preconditionFailure("Snappy could not decompress its own output of \(input.count) bytes")
            }
            precondition(back == input, "Snappy round trip changed the data")
        },
        seeds: {
            [
                Snappy.compress(Array("hello, hello, hello, snappy".utf8)),
                Snappy.compress([UInt8](repeating: 0, count: 4096)),
                Snappy.compress((0..<1024).map { UInt8(truncatingIfNeeded: $0 &* 31) }),
                [0x00],
            ]
        })
}
