// Secure transport (wire-facts §3; status-go v0.62 `protocol/encryption/`, errata #4, #5, #6, #19): Status bundles,
// X3DH without one-time prekeys, the Double Ratchet on secp256k1 as status-go configures it, the "none" DH
// fallback, ProtocolMessage building/reading and the negotiated shared secret.
//
// Layout:
//   Proto/          generated from proto/SecureChannel/encryption.proto (package `encryption`)
//   Bundle/         signature material, signing and verification of `Encryption_Bundle` (§3.2)
//   X3DH/           the initiator and responder key agreement (§3.3)
//   DoubleRatchet/  KDFs, AEAD, header, state and in-memory session (§3.4)
//   Fallback/       the "none" AES-256-GCM fallback (§3.5 last row)
//   Persistence/    the store seam, its in-memory and SQLite implementations, at-rest encryption
//   Protocol/       `EncryptionProtocol`, the actor that builds and reads ProtocolMessages (§3.5, §3.7)
//   Workloads/      fixed workloads for the benchmark executable
//
// No node code: everything here is usable with vectors and two in-process instances alone.
