import Foundation
import Kernel
import LocalNetwork
import Messenger
import WakuCore
import WakuProtocol

/// Prints the demo's story: timestamped lines per node and layer, from the nodes' event buses
/// (`MessageTrace`, connections) and from taps on the full nodes' Waku traffic (relay hops, store).
struct DemoNarrator: Sendable {
    let began = ContinuousClock.now
    let verbose: Bool

    func say(_ node: String, _ layer: String, _ text: String) {
        let elapsed = (ContinuousClock.now - began).seconds
        let tag = "\(node)".padding(toLength: 6, withPad: " ", startingAt: 0) + " " + "\(layer)".padding(toLength: 8, withPad: " ", startingAt: 0)
        Console.line(String(format: "[%6.2fs] ", elapsed) + tag + " " + text)
    }

    func headline(_ text: String) {
        Console.line("")
        Console.line("── " + text)
    }

    /// Follows one node's traces and connections until the task is cancelled.
    func follow(_ node: LocalNode, names: @escaping @Sendable (PeerID) -> String) async {
        guard let kernel = try? node.running() else { return }
        let traces = kernel.events.subscribe(MessageTrace.self, bufferSize: 1000)
        let connections = kernel.events.subscribe(PeerConnected.self)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await trace in traces {
                    if !verbose && trace.layer == "mvds" && trace.text.hasPrefix("payload to") && trace.text.contains("0 message(s)") { continue }
                    say(node.name, trace.layer, trace.text)
                }
            }
            group.addTask {
                for await connection in connections {
                    let protocols = connection.protocols.map(\.description).joined(separator: ", ")
                    say(node.name, "p2p", "RLPx session with \(names(connection.peer)) (\(connection.direction.rawValue); \(protocols))")
                }
            }
        }
    }
}

/// Watches a full node's Waku traffic: each envelope it receives from a peer is a relay hop; the
/// store archives it.
actor HopTap: EnvelopeSink {
    let node: String
    let narrator: DemoNarrator
    let names: @Sendable (PeerID) -> String
    private(set) var hops = 0
    private var seen: Set<EnvelopeHash> = []

    init(node: String, narrator: DemoNarrator, names: @escaping @Sendable (PeerID) -> String) {
        self.node = node
        self.narrator = narrator
        self.names = names
    }

    func accept(_ envelope: Envelope, origin: EnvelopeOrigin) async throws {
        guard case .relay(let from) = origin, envelope.topic != Topic.zero, seen.insert(envelope.hash).inserted else { return }
        hops += 1
        narrator.say(node, "relay", "envelope \(envelope.hash.description.prefix(18))… from \(names(PeerID(from))) on \(envelope.topic): "
                     + "checked (PoW \(String(format: "%.4f", envelope.proofOfWork())), expiry), flooded to interested peers, archived")
    }
}
