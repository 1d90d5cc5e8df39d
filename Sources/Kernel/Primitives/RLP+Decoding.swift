extension RLP {
    /// Decodes one item.
    ///
    /// - Parameter strict: `true` (the default) rejects bytes after the item; `false` ignores them,
    ///   as EIP-8 handshake bodies require (they are followed by random padding).
    /// - Throws: `RLPError` for every malformed or non-canonical input; never traps.
    public static func decode(_ bytes: some Collection<UInt8>, strict: Bool = true) throws -> RLPItem {
        try withContiguousBytes(bytes) { buffer in
            let (item, consumed) = try RLPParser(buffer).item(at: 0, end: buffer.count, depth: 0)
            if strict && consumed != buffer.count { throw RLPError.trailingBytes(buffer.count - consumed) }
            return item
        }
    }

    /// Decodes the first item and reports how many bytes it took, leaving the rest to the caller
    /// (for streams of concatenated items).
    public static func decodePrefix(_ bytes: some Collection<UInt8>) throws -> (item: RLPItem, consumed: Int) {
        try withContiguousBytes(bytes) { buffer in
            try RLPParser(buffer).item(at: 0, end: buffer.count, depth: 0)
        }
    }

    /// Decodes an item that must be a list and returns its elements.
    public static func decodeList(_ bytes: some Collection<UInt8>, strict: Bool = true) throws -> [RLPItem] {
        try decode(bytes, strict: strict).asList()
    }

    /// Splits a list's encoding into its elements' raw encodings without decoding them (useful when
    /// a signature covers exact bytes, or to defer work).
    public static func splitList(_ bytes: some Collection<UInt8>) throws -> [[UInt8]] {
        try withContiguousBytes(bytes) { buffer in
            let parser = RLPParser(buffer)
            let header = try parser.header(at: 0, end: buffer.count)
            guard header.isList else { throw RLPError.expectedList }
            let end = header.payloadStart + header.payloadLength
            if end != buffer.count { throw RLPError.trailingBytes(buffer.count - end) }
            var parts: [[UInt8]] = []
            var position = header.payloadStart
            while position < end {
                let element = try parser.header(at: position, end: end)
                let elementEnd = element.payloadStart + element.payloadLength
                parts.append(Array(buffer[position..<elementEnd]))
                position = elementEnd
            }
            return parts
        }
    }

    private static func withContiguousBytes<R>(
        _ bytes: some Collection<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) throws -> R
    ) throws -> R {
        if let result = try bytes.withContiguousStorageIfAvailable(body) { return result }
        return try Array(bytes).withUnsafeBufferPointer(body)
    }
}

/// A bounds-checked reader over one contiguous buffer. Every offset it computes is checked against
/// the enclosing limit before use, and lengths are validated in `UInt64` before conversion, so no
/// input can cause an out-of-bounds read or an overflow trap.
struct RLPParser {
    let buffer: UnsafeBufferPointer<UInt8>

    init(_ buffer: UnsafeBufferPointer<UInt8>) { self.buffer = buffer }

    struct Header {
        var isList: Bool
        /// Offset of the first payload byte (for a single byte < 0x80: the byte itself).
        var payloadStart: Int
        var payloadLength: Int
    }

    /// Reads the header at `position`; the item must end at or before `end`.
    func header(at position: Int, end: Int) throws -> Header {
        guard position < end else {
            throw end == buffer.count ? RLPError.truncated(needed: 1, available: 0)
                                      : RLPError.listElementOverrun(listEnd: end, elementEnd: position + 1)
        }
        let prefix = buffer[position]
        let isList: Bool
        let start: Int
        let length: Int
        switch prefix {
        case 0x00...0x7f:
            return Header(isList: false, payloadStart: position, payloadLength: 1)
        case 0x80...0xb7:
            isList = false
            start = position + 1
            length = Int(prefix - 0x80)
            if length == 1 {
                try requireFits(start: start, length: 1, end: end)
                let only = buffer[start]
                if only < 0x80 { throw RLPError.nonCanonicalSingleByte(only) }
            }
        case 0xb8...0xbf:
            isList = false
            (start, length) = try longLength(at: position, lengthOfLength: Int(prefix - 0xb7), end: end)
        case 0xc0...0xf7:
            isList = true
            start = position + 1
            length = Int(prefix - 0xc0)
        default: // 0xf8...0xff
            isList = true
            (start, length) = try longLength(at: position, lengthOfLength: Int(prefix - 0xf7), end: end)
        }
        try requireFits(start: start, length: length, end: end)
        return Header(isList: isList, payloadStart: start, payloadLength: length)
    }

    /// Decodes the item at `position` (nested `depth` lists deep) and returns it with the offset just after it.
    func item(at position: Int, end: Int, depth: Int) throws -> (RLPItem, Int) {
        let header = try header(at: position, end: end)
        let itemEnd = header.payloadStart + header.payloadLength
        guard header.isList else {
            let bytes = Array(UnsafeBufferPointer(rebasing: buffer[header.payloadStart..<itemEnd]))
            return (.bytes(bytes), itemEnd)
        }
        guard depth < RLP.maxDepth else { throw RLPError.depthLimitExceeded(limit: RLP.maxDepth) }
        var items: [RLPItem] = []
        var cursor = header.payloadStart
        while cursor < itemEnd {
            let (child, next) = try item(at: cursor, end: itemEnd, depth: depth + 1)
            items.append(child)
            cursor = next
        }
        return (.list(items), itemEnd)
    }

    /// Reads a big-endian long-form length of `lengthOfLength` bytes after the prefix at `position`.
    private func longLength(at position: Int, lengthOfLength: Int, end: Int) throws -> (start: Int, length: Int) {
        let lengthStart = position + 1
        try requireFits(start: lengthStart, length: lengthOfLength, end: end)
        if buffer[lengthStart] == 0 { throw RLPError.leadingZeroInLength }
        var value: UInt64 = 0
        for i in 0..<lengthOfLength { value = value << 8 | UInt64(buffer[lengthStart + i]) }
        if value < 56 { throw RLPError.nonCanonicalSize(Int(value)) }
        guard value <= UInt64(buffer.count) else { throw RLPError.lengthOverflow }
        return (lengthStart + lengthOfLength, Int(value))
    }

    /// Checks that `length` bytes from `start` fit before `end` (and inside the buffer).
    private func requireFits(start: Int, length: Int, end: Int) throws {
        let (itemEnd, overflow) = start.addingReportingOverflow(length)
        if overflow { throw RLPError.lengthOverflow }
        guard itemEnd <= end else {
            if end < buffer.count && itemEnd <= buffer.count {
                throw RLPError.listElementOverrun(listEnd: end, elementEnd: itemEnd)
            }
            throw RLPError.truncated(needed: itemEnd - start, available: Swift.max(0, buffer.count - start))
        }
    }
}
