/// `bytes` as a `String` if they are valid UTF-8, `nil` otherwise — never a lossy replacement.
///
/// Wire text (RLP strings, ENR keys) must round-trip byte-exactly, so invalid sequences are
/// rejected rather than repaired. (`String(validating:)` is not available on every platform we build for.)
func validUTF8String(_ bytes: [UInt8]) -> String? {
    var iterator = bytes.makeIterator()
    var codec = UTF8()
    loop: while true {
        switch codec.decode(&iterator) {
        case .scalarValue: continue
        case .emptyInput: break loop
        case .error: return nil
        }
    }
    return String(decoding: bytes, as: UTF8.self)
}
