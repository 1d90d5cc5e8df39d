// Libp2pCore — the libp2p wire formats Parley speaks, with no node code (a library, not a plugin).
//
// Identities: libp2p key protobufs (secp256k1, Ed25519), peer ids (identity vs sha2-256 multihash),
// base58btc and CIDv1 text. Addresses: multiaddr binary and text codecs. Connection upgrade:
// multistream-select 1.0, Noise XX (Noise_XX_25519_ChaChaPoly_SHA256 with the libp2p handshake
// payload), yamux and mplex framing.
//
// It is a library (listed in Package.swift's `pluginLibraries`) because more than one plugin needs these
// codecs: the `libp2p` transport plugin today, and gossipsub / rendezvous / Waku v2 plugins later, which
// must not import the transport plugin. Every decoder here takes untrusted bytes and throws a typed
// error (`Libp2pCodecError` and friends); none traps.
