// The `discv5` plugin: Discovery v5.1 (ethereum/devp2p discv5/discv5-wire.md, discv5-theory.md; wire-facts §1.8.3).
//
// Layers, each in its own files:
//   Wire/     — packet codec (masked header, ordinary / WHOAREYOU / handshake), message RLP, handshake crypto.
//   Session/  — per-peer session keys, handshake state machine, nonces, request tracking, drop reasons.
//   Table/    — Kademlia routing table, lookups, node database.
//   Plugin/   — the node plugin, our ENR, the budgeted discovery source.
