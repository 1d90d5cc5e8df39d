/// Ethereum's Recursive Length Prefix serialization (wire-facts §0.2): canonical encoding of `RLPItem`
/// trees, and strict decoding that rejects every non-canonical form go-ethereum rejects.
///
/// The functions live in `RLP+Encoding.swift` and `RLP+Decoding.swift`.
public enum RLP {
    /// Deepest list nesting `decode` accepts; deeper input is rejected instead of exhausting the stack.
    public static let maxDepth = 64
}
