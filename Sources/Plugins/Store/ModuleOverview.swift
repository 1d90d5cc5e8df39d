// The Waku store (wire-facts §2.10, 8/WAKU-MAIL, status-go `mailserver/`): full nodes archive every envelope
// they relay in SQLite for 30 days and answer history requests (code 126 → envelopes on 127, completion
// on 125); light nodes fetch history through `StoreHistoryClient`, paging with the 36-byte cursor and
// failing over between store peers.
//
// Two plugins: `store` (archive + server; full nodes) and `history` (the client; every node that wants
// history). They sit on WakuCore's peer seam (`WakuPeerDirectory`, `WakuPeerLink`, `WakuPeerEventSource`,
// `WakuEnvelopeSinks`, `WakuPeerPenalties`), which the `waku` plugin implements; this module imports no plugin.
