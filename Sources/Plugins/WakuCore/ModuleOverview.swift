// WakuCore — the Waku v1 core of the Parley stack (not a plugin; no node code).
//
// Specification: docs/wire-facts.md §2 (Waku v1: 6/WAKU1, 7/WAKU-DATA, status-go v0.62 `waku/common`),
// including errata #1, #3, #7, #8, #9, #13, #14, #16, #18, #25. Imports Primitives, crypto libraries and the
// Kernel's seam types (PeerID, Capability, ServiceKey) only — never a plugin.
//
//   - Wire values: `Topic`, `Envelope` (`[expiry, ttl, topic, data, nonce]`, minimal RLP integers),
//     `EnvelopeHash`, proof of work (`Envelope.proofOfWork`, `Envelope.sealed(target:timeBudget:)`),
//     acceptance checks (`EnvelopeAcceptance` → `EnvelopeRejection`), `Bloom` with status-go's quirk.
//   - Data field: `DataField` (flags, little-endian size, payload, padding to 256, 65-byte signature).
//   - Encryption: `SymKey` (AES-256-GCM, nonce appended), ECIES to a public key; `Message.seal` / `Message.open`
//     with trial decryption over a key list.
//   - Status topics and keys: `StatusTopic` (contact code, partitioned, negotiated, public chat, discovery),
//     `SymKey(password:)` (PBKDF2-HMAC-SHA256, empty salt, 65 356 iterations).
//   - The Waku seams the plugins implement: `EnvelopeSender`, `EnvelopeReceiver`, `HistoryClient`, `EnvelopeSink`,
//     and the peer seam the `waku` plugin implements for the others: `WakuPeerDirectory` / `WakuPeerLink`
//     (sessions, sending to one peer), `WakuPeerEventSource` (`WakuPeerEvent`), `WakuEnvelopeSinks`,
//     `WakuRoleAdvertiser`, `WakuPeerPenalties`; each with its `ServiceKey` and the Waku `Capability`s.
//
// Rules: every decoder throws a typed error for malformed input and never traps.
