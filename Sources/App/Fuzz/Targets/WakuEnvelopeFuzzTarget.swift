import Primitives
import WakuCore
import WakuProtocol

extension FuzzTarget {
    /// Waku envelopes (Sources/Plugins/WakuCore): one envelope and a Messages list as they arrive, then the
    /// acceptance checks a node applies (time, size, TTL, PoW), the hash, bloom and a filter open.
    public static let wakuEnvelope = FuzzTarget(
        name: "waku-envelope",
        summary: "Envelope(decoding:), Envelope.decodeList, MessagesPacket.decode; EnvelopeAcceptance.check, hash, PoW, MessageFilter.open",
        run: { input in
            var envelopes: [Envelope] = []
            if let envelope = try? Envelope(decoding: input) { envelopes.append(envelope) }
            if let list = try? MessagesPacket.decode(input) { envelopes += list.prefix(16) }
            let acceptance = EnvelopeAcceptance()
            let filter = MessageFilter(topics: Set(envelopes.map(\.topic)), keys: WakuFixtures.keys, requireSignature: false)
            for envelope in envelopes {
                for now in [FuzzFixtures.now, envelope.sent, envelope.expiry] {
                    _ = acceptance.check(envelope, now: now)
                }
                _ = (envelope.hash, envelope.bloom, envelope.proofOfWorkZeroBits, envelope.encoded())
                _ = try? filter.open(envelope, origin: .relay(peer: FuzzFixtures.keyA.publicKey.raw64))
            }
        },
        seeds: {
            let envelopes = WakuFixtures.envelopes()
            return envelopes.map { $0.encoded() } + [Envelope.encodeList(envelopes)]
        })
}
