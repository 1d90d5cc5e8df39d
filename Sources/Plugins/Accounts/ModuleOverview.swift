// Accounts — the account and identity layer of Parley (wire-facts §6).
//
// A Status user is a key: this module turns a BIP-39 phrase into that key and into everything a person
// sees of it. It imports Primitives and C libraries only — never node code.
//
//   - BIP-39: `Mnemonic` (generate, validate with word suggestions, phrase → seed), `BIP39Wordlist`.
//   - BIP-32: `ExtendedKey` (hardened/normal derivation, xprv/xpub), `DerivationPath`, `ChildIndex`.
//   - Status keys: `StatusPaths` (EIP-1581 chat/database keys, BIP-44 wallet), `AccountKeys`, `ChatKey`
//     (0x04…, compressed, zQ3 forms; parses any of them).
//   - Three-word name: `ThreeWordName` (status-go's LFSR algorithm), `AliasWordLists` (Parley's own lists
//     by default, Status's from a JSON file).
//   - Identicon: `Identicon` (pattern and colour), `IdenticonPNG` (libpng), terminal rendering.
//   - `QRCode` (libqrencode) for contact exchange in a terminal.
//   - Keystore: `AccountFile` (Argon2id + XChaCha20-Poly1305, versioned JSON), `AccountStore`
//     (a directory of account files, atomic owner-only writes).
//
// Rules: untrusted input (phrases, paths, xprv text, key strings, account files, word-list files)
// never traps — it surfaces as a typed error whose message says what to do. Secret byte arrays are
// zeroed with `secureZero` when done.
