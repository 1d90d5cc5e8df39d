import Primitives

extension FuzzTarget {
    /// RLP (Sources/Kernel/Primitives): strict and lenient decode, prefix decode, list split. A strict
    /// decode must be canonical, so re-encoding it must give the input back.
    public static let rlp = FuzzTarget(
        name: "rlp",
        summary: "RLP.decode (strict and lenient), decodePrefix, decodeList, splitList; strict decode re-encodes byte-exactly",
        run: { input in
            if let item = try? RLP.decode(input, strict: true) {
                let encoded = RLP.encode(item)
                precondition(encoded == input, "strict RLP decode is not canonical: re-encoding differs from the input")
            }
            _ = try? RLP.decode(input, strict: false)
            if let (item, consumed) = try? RLP.decodePrefix(input) {
                precondition(consumed > 0 && consumed <= input.count, "decodePrefix consumed \(consumed) of \(input.count) bytes")
                _ = item.description
            }
            _ = try? RLP.decodeList(input)
            _ = try? RLP.splitList(input)
        },
        seeds: {
            [
                RLP.encode(.bytes([])),
                RLP.encode(.uint(0x7f)),
                RLP.encode(.string("dog")),
                RLP.encode(.list([.string("cat"), .string("dog")])),
                RLP.encode(.bytes([UInt8](repeating: 0x61, count: 56))),
                RLP.encode(.list([.list([]), .list([.list([])]), .list([.list([]), .list([.list([])])])])),
                RLP.encode(.uint(UInt64.max)),
                RLP.encode(.list((0..<60).map { .uint(UInt64($0)) })),
            ]
        })
}
