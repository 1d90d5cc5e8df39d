// Primitives — layer 0 of the Parley stack.
//
// Everything the protocol layers above stand on, and nothing else: no node code, no I/O.
// Specification: docs/wire-facts.md §0 (Primitives) and §1.7 (ENR); published vectors at the end of docs/wire-facts.md.
//
//   - Hashes: `Keccak256` (hand-written, original Keccak padding — never FIPS SHA3-256), `SHA2`.
//   - Encodings: `RLP` / `RLPItem`, `Hex`, `Base58`, `Base64URL`, `Multibase` (zQ3 keys), `UVarint`, `EIP55`.
//   - secp256k1 (libsecp256k1): `PrivateKey`, `PublicKey`, `RecoverableSignature`, raw-X ECDH.
//   - Symmetric crypto and KDFs (swift-crypto): `AESCTR`, `AESCTRStream`, `AESBlock`, `KDF`.
//   - `ECIES` as go-ethereum's `ECIES_AES128_SHA256` (RLPx handshake, Waku asymmetric encryption).
//   - `Snappy` block format (libsnappy) with a decoded-size cap against snappy bombs.
//   - `NodeRecord`: EIP-778 Ethereum Node Records ("v4" identity scheme).
//   - `SecureRandom`, `ConstantTime`, `secureZero(_:)` (libsodium).
//
// Rules every decoder here follows: untrusted input never traps (no unchecked indexing, no overflow
// traps, bounded recursion) — malformed bytes always surface as a typed error.
