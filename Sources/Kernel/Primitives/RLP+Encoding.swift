extension RLP {
    /// The canonical encoding of `item`.
    public static func encode(_ item: RLPItem) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(encodedLength(item))
        append(item, to: &out)
        return out
    }

    /// Appends the canonical encoding of `item` to `out` without building intermediate arrays.
    public static func append(_ item: RLPItem, to out: inout [UInt8]) {
        switch item {
        case .bytes(let bytes):
            appendBytes(bytes, to: &out)
        case .list(let items):
            var payload = 0
            for child in items { payload += encodedLength(child) }
            appendHeader(payload, offset: 0xc0, to: &out)
            for child in items { append(child, to: &out) }
        }
    }

    /// Appends a byte string (`b < 0x80` alone, otherwise length-prefixed).
    public static func appendBytes(_ bytes: some Collection<UInt8>, to out: inout [UInt8]) {
        if bytes.count == 1, let only = bytes.first, only < 0x80 {
            out.append(only)
        } else {
            appendHeader(bytes.count, offset: 0x80, to: &out)
            out.append(contentsOf: bytes)
        }
    }

    /// Appends a list header for a payload of `payloadLength` bytes; the caller appends the items.
    public static func appendListHeader(payloadLength: Int, to out: inout [UInt8]) {
        appendHeader(payloadLength, offset: 0xc0, to: &out)
    }

    /// Appends a canonical unsigned integer.
    public static func appendUInt(_ value: UInt64, to out: inout [UInt8]) {
        if value != 0 && value < 0x80 {
            out.append(UInt8(value))
        } else {
            appendBytes(minimalBigEndian(value), to: &out)
        }
    }

    /// Encodes a list whose items are already RLP-encoded (concatenates them under one header).
    public static func encodeList(ofEncoded items: [[UInt8]]) -> [UInt8] {
        let payload = items.reduce(0) { $0 + $1.count }
        var out: [UInt8] = []
        out.reserveCapacity(payload + 9)
        appendHeader(payload, offset: 0xc0, to: &out)
        for item in items { out.append(contentsOf: item) }
        return out
    }

    /// Size of `item`'s encoding, computed without encoding it.
    public static func encodedLength(_ item: RLPItem) -> Int {
        switch item {
        case .bytes(let bytes):
            if bytes.count == 1 && bytes[0] < 0x80 { return 1 }
            return headerLength(bytes.count) + bytes.count
        case .list(let items):
            var payload = 0
            for child in items { payload += encodedLength(child) }
            return headerLength(payload) + payload
        }
    }

    @inline(__always) static func headerLength(_ payload: Int) -> Int {
        payload < 56 ? 1 : 1 + minimalBigEndian(UInt64(payload)).count
    }

    @inline(__always) static func appendHeader(_ payload: Int, offset: UInt8, to out: inout [UInt8]) {
        if payload < 56 {
            out.append(offset + UInt8(payload))
        } else {
            let length = minimalBigEndian(UInt64(payload))
            out.append(offset + 55 + UInt8(length.count))
            out.append(contentsOf: length)
        }
    }
}
