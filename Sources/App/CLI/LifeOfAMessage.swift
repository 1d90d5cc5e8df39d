import Accounts
import Foundation
import Kernel
import LocalNetwork
import Messenger
import Primitives
import Synchronization
import WakuCore

/// The demo's script: the life of a message from Alice to Bob, then Bob offline and back.
struct LifeOfAMessage {
    let profiles: String
    let scratch: String
    let verbose: Bool

    func run() async throws {
        let narrator = DemoNarrator(verbose: verbose)
        let network = LocalNetwork(root: scratch, profiles: profiles)
        let alice = try LocalAccount.generate(), bob = try LocalAccount.generate()
        let alicePhrase = alice.phrase
        let aliceName = ThreeWordName.generate(for: alice.identity.publicKey), bobName = ThreeWordName.generate(for: bob.identity.publicKey)
        let names = NameBook()
        let fastRetry = ["messenger.history-retry-seconds=0.3"]  // a returning node asks the store at once

        try await withThrowingTaskGroup(of: Void.self) { narration in
            func follow(_ node: LocalNode) async throws {
                names.add(try node.running().identity.peerID, node.name)
                narration.addTask { await narrator.follow(node, names: names.name) }
            }
            narrator.headline("1. P2P overlay: a bootstrap node, two full nodes, devp2p (RLPx) on loopback")
            let boot = try await network.start("boot", role: "bootstrap")
            try await follow(boot)
            let enode = try await LocalNetwork.enode(of: boot)
            narrator.say("boot", "p2p", "bootstrap node listening at \(enode.prefix(30))…\(enode.suffix(16))")
            var taps: [HopTap] = []
            var fulls: [LocalNode] = []
            for name in ["full1", "full2"] {
                let full = try await network.start(name, role: "full", bootstrap: enode)
                try await follow(full)
                let tap = HopTap(node: name, narrator: narrator, names: names.name)
                _ = await (try full.sinks()).addSink(tap)
                taps.append(tap)
                fulls.append(full)
            }
            try await fulls[0].waitForWaku(with: fulls[1])
            narrator.say("full1", "p2p", "found full2 through the bootstrap node's pex/1 peer list; waku/1 Status exchanged (full bloom, not light)")

            narrator.headline("2. Accounts: Alice and Bob get fresh BIP-39 phrases and light nodes")
            narrator.say("alice", "account", "\"\(aliceName)\" \(ChatKey(alice.identity.publicKey).zq3.prefix(20))… (phrase: \(alicePhrase.split(separator: " ").prefix(3).joined(separator: " ")) …)")
            narrator.say("bob", "account", "\"\(bobName)\" \(ChatKey(bob.identity.publicKey).zq3.prefix(20))…")
            let a = try await network.start("alice", role: "light", bootstrap: enode, account: alice, extra: fastRetry)
            try await follow(a)
            var b = try await network.start("bob", role: "light", bootstrap: enode, account: bob, extra: fastRetry)
            try await follow(b)
            for node in [a, b] { try await waitForAFullNode(node, fulls) }
            let am = try await a.messenger()
            var bm = try await b.messenger()
            try await Task.sleep(for: .milliseconds(800))  // Bob's contact code reaches the store

            narrator.headline("3. Alice adds Bob by his chat key and fetches his contact code (bundle) from a store node")
            try await am.addContact(bob.identity.publicKey)

            narrator.headline("4. Alice → Bob: chat message → AMM → MVDS → X3DH + Double Ratchet → Waku envelope → relays → Bob")
            try await am.sendText("Hi Bob! This is Alice.", to: .oneToOne(bob.identity.publicKey))
            try await arrives("Hi Bob! This is Alice.", at: bm, in: bm.chatID(with: alice.identity.publicKey))
            try await Task.sleep(for: .milliseconds(900))  // Bob's MVDS ACK travels back

            narrator.headline("5. Bob replies: he now holds the shared secret, so 1:1 traffic moves to the negotiated topic")
            try await bm.sendText("Hey Alice, got it.", to: .oneToOne(alice.identity.publicKey))
            try await arrives("Hey Alice, got it.", at: am, in: am.chatID(with: bob.identity.publicKey))
            try await Task.sleep(for: .milliseconds(900))

            narrator.headline("6. Bob goes offline; Alice writes again; the full nodes store the envelope")
            await b.stop()
            narrator.say("bob", "p2p", "node stopped (keys, sessions and chats stay on disk)")
            try await am.sendText("Are you there? Call me back.", to: .oneToOne(bob.identity.publicKey))
            try await Task.sleep(for: .seconds(1.5))

            narrator.headline("7. Bob comes back and reads it from the store")
            b = try await network.start("bob", role: "light", bootstrap: enode, account: bob, extra: fastRetry)
            try await follow(b)
            bm = try await b.messenger()
            try await arrives("Are you there? Call me back.", at: bm, in: bm.chatID(with: alice.identity.publicKey), timeout: .seconds(30))
            try await Task.sleep(for: .milliseconds(900))

            narrator.headline("Summary")
            let bobChat = try await bm.messages(in: bm.chatID(with: alice.identity.publicKey))
            let aliceChat = try await am.messages(in: am.chatID(with: bob.identity.publicKey))
            for view in aliceChat { narrator.say("alice", "chat", "\(view.outgoing ? "→" : "←") \(view.text)") }
            narrator.say("bob", "chat", "holds \(bobChat.count) message(s) from/to Alice, each once: \(bobChat.map { "\"\($0.text)\"" }.joined(separator: ", "))")
            for (index, full) in fulls.enumerated() {
                let stored = (try? await full.archive()?.count()) ?? 0
                narrator.say(full.name, "store", "\(await taps[index].hops) envelope(s) received from peers and relayed; \(stored) archived (30-day retention)")
            }
            narration.cancelAll()
            for node in [b, a] + fulls + [boot] { await node.stop() }
            Console.line("")
            Console.line("The demo ended: every layer was crossed and Bob read what he missed from the store.")
        }
    }

    func waitForAFullNode(_ node: LocalNode, _ fulls: [LocalNode]) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            for full in fulls where (try? await node.waitForWaku(with: full, timeout: .milliseconds(50))) != nil { return }
        }
        throw CLIFailure("\(node.name) did not reach a full node")
    }

    func arrives(_ text: String, at messenger: Messenger, in chat: String, timeout: Duration = .seconds(20)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if (try? await messenger.messages(in: chat).contains { $0.text == text }) == true { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw CLIFailure("\"\(text)\" did not arrive within \(timeout)")
    }
}

/// Node names by peer id, for narration.
final class NameBook: Sendable {
    private let names = Mutex<[PeerID: String]>([:])
    func add(_ peer: PeerID, _ name: String) { names.withLock { $0[peer] = name } }
    @Sendable func name(_ peer: PeerID) -> String { names.withLock { $0[peer] } ?? String(peer.hex.prefix(8)) }
}
