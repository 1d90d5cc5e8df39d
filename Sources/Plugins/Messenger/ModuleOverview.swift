// The messenger (wire-facts §3–§5; ARCHITECTURE §5): the top three layers of the stack as one plugin over
// the Waku seams. It never sees peers or sockets — only `EnvelopeSender`, `EnvelopeReceiver` and
// `HistoryClient`.
//
// Send: ChatMessage → signed ApplicationMetadataMessage → MVDS (1:1 and groups) → ProtocolMessage
// (X3DH header on first contact, Double Ratchet per device, "none" fallback without a bundle) → Waku
// message on the negotiated topic (symmetric) or the recipient's partitioned topic (ECIES); public chats
// go as `public_message` on the chat's topic.
// Receive: the reverse, then validation, the chat database (encrypted at rest) and a notification.
