import Kernel
import MemoryTransport
import Primitives
import StaticPeers
import Testing
import TestKit
import WakuCore
@testable import WakuProtocol

/// Two kernels over the memory transport: A runs `send`, B runs `receive`.
@Suite(.serialized) struct SendReceiveTests {
    let harness = NodeHarness(extraFactories: [StaticPeersPlugin.factory()])
    let topic = Topic(0x0a0b_0c0d)

    func node(_ name: String, _ extra: String, dial: String? = nil, peers: WakuPeers,
              factories: [any PluginFactory]) async throws -> Kernel {
        let kernel = try harness.kernel(name, registry: harness.registry(including: [WakuPlugin.factory(peers: peers)] + factories))
        var yaml = "plugins:\n  memory: { name: \(name) }\n  waku: {}\n" + extra
        if let dial { yaml += "  static-peers: { peers: [\"memory://\(dial)\"] }\n" }
        try await kernel.start(harness.profile(name, yaml))
        return kernel
    }

    @Test(.timeLimit(.minutes(1))) func aPostedSymmetricMessageIsDecryptedBySubscriber() async throws {
        defer { harness.cleanUp() }
        let peersA = WakuPeers(), peersB = WakuPeers()
        let sent = ServiceHandoff<WakuSender>(), received = ServiceHandoff<WakuReceiver>()
        let b = try await node("sb", "  receive: {}\n", peers: peersB, factories: [ReceivePlugin.factory(handoff: received)])
        let a = try await node("sa", "  send: { ttl: 20, pow: 0.002 }\n", dial: "sb", peers: peersA,
                               factories: [SendPlugin.factory(handoff: sent)])
        _ = try await session(peersA, with: b.identity.peerID)
        _ = try await session(peersB, with: a.identity.peerID)
        let sender = try #require(await sent.value)
        let receiver = try #require(await received.value)
        #expect(sender.sealing.ttl == 20)

        let key = try SymKey(password: "send-receive-tests")
        let signer = PrivateKey.generate()
        let stream = await receiver.messages(matching: MessageFilter(topics: [topic], keys: [.symmetric(key)]))
        #expect(await receiver.topics == [topic])
        let hash = try await sender.post(OutgoingMessage(topic: topic, payload: Array("hi from A".utf8),
                                                         encryption: .symmetric(key), signer: signer))
        let message = try await withThrowingTaskGroup(of: ReceivedMessage?.self) { group in
            group.addTask { for await message in stream { return message }; return nil }
            group.addTask { try await Task.sleep(for: .seconds(10)); return nil }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
        let got = try #require(message, "B's subscription yields the message within 10 s")
        #expect(got.payload == Array("hi from A".utf8))
        #expect(got.signer == signer.publicKey)
        #expect(got.envelope.hash == hash)
        #expect(got.envelope.ttl == 20)
        #expect(got.origin == .relay(peer: a.identity.peerID.bytes))

        // A message under another key does not reach the subscription.
        _ = try await sender.post(OutgoingMessage(topic: topic, payload: [1], encryption: .symmetric(try SymKey(password: "other")),
                                                  signer: signer))
        try await eventually("B sees the second envelope") { await receiver.unmatched == 1 }
        await a.stop()
        await b.stop()
    }

    @Test(.timeLimit(.minutes(1))) func duplicatesAreDeliveredOnceAndEndedSubscriptionsGo() async throws {
        let receiver = WakuReceiver()
        let key = try SymKey(password: "receiver-unit")
        let filter = MessageFilter(topics: [topic], keys: [.symmetric(key)])
        let kept = await receiver.messages(matching: filter)
        let ended = await receiver.messages(matching: filter)
        let consumer = Task { for await _ in ended {} }  // ends the stream when cancelled
        consumer.cancel()
        await consumer.value
        let data = try Message.seal(payload: [7], to: .symmetric(key), signWith: PrivateKey.generate())
        let envelope = Envelope(ttl: 50, topic: topic, data: data, now: unixNow())
        await receiver.deliver(envelope, origin: .local, now: unixNow())
        await receiver.deliver(envelope, origin: .relay(peer: [1]), now: unixNow())
        #expect(await receiver.subscriptionCount == 1)
        await receiver.stop()
        var payloads: [[UInt8]] = []
        for await message in kept { payloads.append(message.payload) }
        #expect(payloads == [[7]])
    }

    @Test(.timeLimit(.minutes(1))) func subscriptionsAreAdvertisedAsTopicInterest() async throws {
        defer { harness.cleanUp() }
        let peersA = WakuPeers(), peersB = WakuPeers()
        let received = ServiceHandoff<WakuReceiver>()
        let b = try await node("ib", "  receive: { advertise-interest: true }\n", peers: peersB,
                               factories: [ReceivePlugin.factory(handoff: received)])
        let a = try await node("ia", "", dial: "ib", peers: peersA, factories: [])
        let toB = try await session(peersA, with: b.identity.peerID)
        _ = try await session(peersB, with: a.identity.peerID)
        let receiver = try #require(await received.value)
        let stream = await receiver.messages(matching: MessageFilter(topics: [topic], keys: [.symmetric(try SymKey(password: "i"))]))
        try await eventually("A sees B's topic interest") { await toB.remote.interest == .topics([topic]) }
        _ = stream
        await a.stop()
        await b.stop()
    }
}
