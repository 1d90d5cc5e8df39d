import Primitives
import Testing
@testable import WakuCore

/// A single-node test double of all four Waku seams: what it sends it accepts locally, archives
/// and delivers to matching subscribers; history comes from its own archive.
actor LoopbackWaku: EnvelopeSender, EnvelopeReceiver, EnvelopeSink, HistoryClient {
    var now: UInt32
    let acceptance = EnvelopeAcceptance()
    private var seen: Set<EnvelopeHash> = []
    private var archive: [Envelope] = []
    private var subscribers: [Int: (filter: MessageFilter, continuation: AsyncStream<ReceivedMessage>.Continuation)] = [:]
    private var nextID = 0

    init(now: UInt32) { self.now = now }

    func post(_ message: OutgoingMessage) async throws -> EnvelopeHash {
        try await send(message.envelope(now: now, defaults: SealingParameters(ttl: 15, powTarget: 0.002, workTime: .seconds(5))))
    }

    func send(_ envelope: Envelope) async throws -> EnvelopeHash {
        try await accept(envelope, origin: .local)
        return envelope.hash
    }

    func accept(_ envelope: Envelope, origin: EnvelopeOrigin) async throws {
        if case .history = origin {} else if let rejection = acceptance.check(envelope, now: now) { throw rejection }
        guard seen.insert(envelope.hash).inserted else { return }
        archive.append(envelope)
        for (_, subscriber) in subscribers {
            if let message = try? subscriber.filter.open(envelope, origin: origin) { subscriber.continuation.yield(message) }
        }
    }

    func messages(matching filter: MessageFilter) async -> AsyncStream<ReceivedMessage> {
        let (stream, continuation) = AsyncStream<ReceivedMessage>.makeStream()
        nextID += 1
        subscribers[nextID] = (filter, continuation)
        return stream
    }

    func fetch(_ query: HistoryQuery) async throws -> HistoryPage {
        try query.validate()
        let matching = archive.filter(query.matches).sorted { HistoryCursor(after: $0) < HistoryCursor(after: $1) }
            .filter { query.cursor == nil || HistoryCursor(after: $0) > query.cursor! }
        let page = Array(matching.prefix(Int(query.effectiveLimit)))
        let more = matching.count > page.count
        return HistoryPage(envelopes: page, cursor: more ? page.last.map(HistoryCursor.init(after:)) : nil)
    }

    func finishAll() { for (_, subscriber) in subscribers { subscriber.continuation.finish() } }
}

@Suite("Waku seams (test double)")
struct SeamTests {
    static let alice = try! PrivateKey(rawBytes: Hex.decode("c6cbd7d76bc5baca530c875663711b947efa6a86a900a9e8645ce32e5821484e"))
    static let bob = try! PrivateKey(rawBytes: Hex.decode("d51dd64ad19ea84968a308dca246012c00d2b2101d41bce740acd1c650acc509"))

    @Test("post → accept → subscriber; duplicates delivered once; rejections are typed")
    func postAndReceive() async throws {
        let waku = LoopbackWaku(now: 1_600_000_000)
        let partitioned = StatusTopic.partitioned(of: Self.bob.publicKey)
        let stream = await waku.messages(matching: MessageFilter(topics: [partitioned], keys: [.asymmetric(Self.bob)]))
        let message = OutgoingMessage(topic: partitioned, payload: Array("hi bob".utf8),
                                      encryption: .asymmetric(Self.bob.publicKey), signer: Self.alice)
        let hash = try await waku.post(message)
        let envelope = try message.envelope(now: 1_600_000_000)
        _ = try await waku.send(envelope)
        _ = try await waku.send(envelope)   // duplicate: not delivered again
        // Not for bob: another topic.
        _ = try await waku.post(OutgoingMessage(topic: StatusTopic.genericDiscovery, payload: [1],
                                                encryption: .asymmetric(Self.bob.publicKey), signer: Self.alice))
        await waku.finishAll()
        var received: [ReceivedMessage] = []
        for await item in stream { received.append(item) }
        #expect(received.count == 2)
        #expect(received.first?.envelope.hash == hash)
        #expect(received.allSatisfy { $0.payload == Array("hi bob".utf8) && $0.signer == Self.alice.publicKey && $0.origin == .local })

        let stale = Envelope(ttl: 15, topic: partitioned, data: [1], now: 1_599_000_000)
        await #expect(throws: EnvelopeRejection.veryOld(expiry: 1_599_000_015, now: 1_600_000_000)) { try await waku.send(stale) }
    }

    @Test("history: pages of 2 through 5 envelopes with cursors; the query is validated")
    func history() async throws {
        let waku = LoopbackWaku(now: 1_600_000_000)
        let key = SymKey.random()
        let topic = StatusTopic.publicChat("history")
        for index in 0..<5 {
            _ = try await waku.post(OutgoingMessage(topic: topic, payload: [UInt8(index)], encryption: .symmetric(key), signer: Self.alice))
        }
        _ = try await waku.post(OutgoingMessage(topic: StatusTopic.publicChat("other"), payload: [9], encryption: .symmetric(key), signer: Self.alice))
        let query = HistoryQuery(from: 1_599_999_000, to: 1_600_000_000, topics: [topic], limit: 2)
        let first = try await waku.fetch(query)
        #expect(first.envelopes.count == 2 && first.cursor != nil)
        let all = try await waku.fetchAll(query)
        #expect(all.count == 5 && Set(all.map(\.hash)).count == 5)
        #expect(all.allSatisfy { $0.topic == topic })
        await #expect(throws: HistoryQueryError.limitTooLarge(1001)) {
            try await waku.fetch(HistoryQuery(from: 0, to: 1, topics: [topic], limit: 1001))
        }
        await #expect(throws: HistoryQueryError.invalidTimeRange(from: 2, to: 1)) {
            try await waku.fetch(HistoryQuery(from: 2, to: 1, topics: [topic]))
        }
        await #expect(throws: HistoryQueryError.noTopics) { try await waku.fetch(HistoryQuery(from: 0, to: 1, topics: [])) }
    }

    @Test("history cursor: 36 bytes BE32(sent) ‖ hash; other lengths are errors")
    func cursor() throws {
        let envelope = Envelope(ttl: 15, topic: .zero, data: [1], now: 0x0102_0304)
        let cursor = HistoryCursor(after: envelope)
        #expect(cursor.bytes.count == 36)
        #expect(Array(cursor.bytes.prefix(4)) == [1, 2, 3, 4])
        #expect(Array(cursor.bytes.suffix(32)) == envelope.hash.bytes)
        #expect(try HistoryCursor(bytes: cursor.bytes) == cursor)
        #expect(throws: HistoryQueryError.badCursor(length: 35)) { try HistoryCursor(bytes: cursor.bytes.dropLast()) }
        #expect(throws: HistoryQueryError.badCursor(length: 0)) { try HistoryCursor(bytes: []) }
        #expect(HistoryQuery(from: 0, to: 1, topics: [], limit: 0).effectiveLimit == 1000)
        #expect(HistoryQuery(from: 0, to: 1, topics: [.zero]).effectiveBloom == Bloom(topic: .zero))
    }
}
