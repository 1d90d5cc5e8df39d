// How the two wire families map onto the kernel's network seams.
//
// RLPx / devp2p (wire-facts §1):
//   Transport        = TCP listener/dialer + RLPx ECIES handshake + Hello exchange.
//   SecureConnection = one RLPx session. `remotePeer` is the authenticated pub64 node id; `protocols`
//                      are the *shared capabilities* negotiated in Hello (e.g. `waku/1`), each with the
//                      message-code offset computed from the sorted capability list.
//   ProtocolStream   = one capability on that session: `FramedMessage.code` is the code relative to the
//                      capability's offset (Waku `Messages` = 1, wire code 0x11). All capability streams
//                      exist for the whole session, so the connection yields every one of them on
//                      `inboundStreams` on both sides right after the handshake; `openStream` is not
//                      needed (RLPx transports throw `.streamsAreImplicit`).
//   ProtocolHandler  = a devp2p subprotocol (`Protocol{Name, Version, Length, Run}` in geth terms):
//                      `protocolID` = name/version, `messageCodeCount` = Length.
//
// libp2p (wire-facts §1.10):
//   Transport        = TCP + multistream-select + Noise (authentication) + yamux (multiplexing).
//   SecureConnection = the upgraded, multiplexed connection; `remotePeer` is the libp2p peer id.
//                      `protocols` lists the protocol ids this node and the remote support (identify).
//   ProtocolStream   = one yamux stream after multistream negotiated its protocol id (e.g.
//                      `/vac/waku/relay/2.0.0`, version 0); messages are uvarint-length-prefixed and
//                      carry `code` 0 unless the protocol defines codes.
//   Streams are opened on demand: the side that wants to talk calls `openStream(id)`; streams the
//   remote opens arrive on `inboundStreams`. The same `ProtocolHandler.serve` runs for both.
//   Parley's own RLPx-style protocols (`waku/1`, `pex/1`) ride the `libp2p` plugin as
//   `/parley/<name>/<version>`, messages `uvarint(len) ‖ uvarint(code) ‖ payload`: the dialer opens one
//   stream per protocol it offers right after the upgrade and yields it on its own `inboundStreams`
//   too, so both sides' handlers start as they do on RLPx.
//
// Protocol handlers are therefore transport-agnostic: a Waku handler reads and writes
// `FramedMessage`s and never learns whether RLPx frames or yamux streams carried them.
