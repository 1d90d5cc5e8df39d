import Primitives
import WakuCore
import WakuStore

extension FuzzTarget {
    /// Mailserver packets (Sources/Plugins/Store): a code-126 request (envelope or direct form) as the store
    /// server reads it with the fixed mailserver key, the MessagesRequest payload inside it, and a code-125
    /// completion as the history client reads it. The input is also sent as the payload of a signed request
    /// envelope, to reach the payload decoder behind the encryption.
    public static let wakuMailserver = FuzzTarget(
        name: "waku-mailserver",
        summary: "MailserverRequest(decoding:), MessagesRequestPayload(decoding:), RequestCompletion(bytes:) raw and RLP-wrapped, HistoryCursor",
        run: { input in
            if let request = try? MailserverRequest(decoding: input, key: WakuFixtures.symKey, minimumPoW: 0) {
                _ = try? request.payload.query(now: FuzzFixtures.now).validate()
            }
            if let payload = try? MessagesRequestPayload(decoding: input) {
                _ = try? payload.query(now: FuzzFixtures.now).validate()
                _ = payload.encoded()
            }
            _ = try? RequestCompletion(bytes: input)
            if let inner = try? RLP.decode(input).asBytes() { _ = try? RequestCompletion(bytes: inner) }
            _ = try? HistoryCursor(bytes: input)
            if let data = try? Message.seal(payload: input, to: .symmetric(WakuFixtures.symKey), signWith: FuzzFixtures.keyA, padding: []) {
                let envelope = Envelope(ttl: 50, topic: .zero, data: data, now: FuzzFixtures.now)
                _ = try? MailserverRequest(decoding: envelope.encoded(), key: WakuFixtures.symKey, minimumPoW: 0)
            }
        },
        seeds: {
            let cursor = HistoryCursor(sent: FuzzFixtures.now, hash: EnvelopeHash(bytes: [UInt8](repeating: 5, count: 32))!)
            let payload = MessagesRequestPayload(lower: FuzzFixtures.now - 3600, upper: FuzzFixtures.now, bloom: .full,
                                                 topics: [Topic(0xcd42_3760)], limit: 100, cursor: cursor)
            var seeds: [[UInt8]] = [payload.encoded()]
            if let envelope = try? MailserverRequest.envelope(for: payload, nodeKey: FuzzFixtures.keyA, key: WakuFixtures.symKey,
                                                              now: FuzzFixtures.now, pow: 0) {
                seeds.append(envelope.encoded())
            }
            let id = EnvelopeHash(bytes: [UInt8](repeating: 1, count: 32))!
            seeds.append(RequestCompletion.done(requestID: id, lastEnvelope: id, cursor: cursor).payload)
            seeds.append(RequestCompletion.failed(requestID: id, message: "too many requests").bytes)
            seeds.append(RLP.encode(.list([.bytes(id.bytes), .uint(UInt64(FuzzFixtures.now - 60)), .uint(UInt64(FuzzFixtures.now)),
                                           .uint(50), .bytes(cursor.bytes), .bytes(Bloom.full.bytes), .list([.bytes([0xcd, 0x42, 0x37, 0x60])])])))
            return seeds
        })
}
