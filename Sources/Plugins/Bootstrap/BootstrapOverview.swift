// The Bootstrap module: entry points that hand out the peers they know, and the discovery source
// that asks them.
//
// A bootstrap node accepts many connections, relays nothing and stores nothing; its only job is to
// tell a fresh node — which knows nothing but the bootstrap node's enode — where the full nodes are.
// Status's 2020 bootnodes did that over UDP discovery (wire-facts §1.8). Until Parley's `discv5` and
// `rendezvous` plugins exist, this module does it at the TCP level with a small subprotocol:
//
//   pex/1 — **Parley's own peer exchange, not part of Status's wire protocol.** A status-go node
//   does not offer it and is unaffected by it (devp2p only runs capabilities both sides share).
//   RLPx capability name `pex`, version 1, 3 message codes, RLP payloads (wire-facts §0.2):
//
//     0 Announce  [tcpPort uint, serving bool]          first packet each way; later ones re-announce
//     1 GetPeers  [limit uint]                          1…64; only to a peer that announced serving
//     2 Peers     [[pub64 bytes, host string, port uint]…]   ≤ limit entries, only as an answer
//
//   The announcer's dial address is the connection's remote host, the announced port and the peer
//   id the transport authenticated; port 0 means "do not hand me out". Transports without ports
//   (`memory`) announce 1 and are dialled by the name the connection came from. Extra trailing list
//   items are ignored (devp2p forward compatibility); packets over 64 KiB, unknown codes, malformed
//   RLP, bad entries, unsolicited answers and a missing Announce end the connection with a penalty.
//
// Two plugins speak it; a node runs one of them (both register `pex/1`):
//   - `bootstrap` (server): keeps a directory of peers that announced a dialable port while they are
//     connected and answers GetPeers from it, rate-limited per peer.
//   - `bootstrap-peers` (client): a `DiscoverySource` that announces this node, asks every connected
//     peer that announced `serving = true`, and hands the learnt addresses to the connection manager.
//
// discv5 and rendezvous *serving* will be added beside these as their own plugins; a bootstrap
// profile can then run them together with `bootstrap`.
