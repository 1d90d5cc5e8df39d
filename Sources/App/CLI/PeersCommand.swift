import ArgumentParser
import Foundation
import Kernel
import NodeControl

/// `parley ctl peers add|remove ADDRESS`: changes a running node's peers without editing its profile.
/// ADDRESS is an `enode://…` URL, an `enr:` record, a libp2p multiaddr (`/ip4/…/tcp/…/p2p/…`) or `memory://NAME`.
struct PeersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peers", abstract: "Add or remove a running node's peers.", subcommands: [Add.self, Remove.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Keep a peer connected (redialled with backoff) until removed or the node stops.")
        @OptionGroup var target: CtlCommand.Target
        @Argument(help: "enode://…, enr:…, /ip4/…/tcp/…/p2p/… or memory://NAME") var address: String

        func run() async throws {
            try await reportingErrors {
                try printJSON(try callNode(target, NodePeerMethods.add, ["address": try PeersCommand.validated(address)]))
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Forget a peer and disconnect it.")
        @OptionGroup var target: CtlCommand.Target
        @Argument(help: "The address it was added or connected with.") var address: String

        func run() async throws {
            try await reportingErrors {
                try printJSON(try callNode(target, NodePeerMethods.remove, ["address": try PeersCommand.validated(address)]))
            }
        }
    }

    /// Rejects a malformed address before it reaches the node (exit 64, the parser's reason).
    static func validated(_ text: String) throws -> String {
        do {
            _ = try PeerAddress(parsing: text)
        } catch {
            throw CLIFailure("\(error)", code: 64)
        }
        return text
    }
}

/// The node's own control methods for peers (answered by `NodeRuntime`, not by a plugin).
enum NodePeerMethods {
    static let add = "node.peers.add"
    static let remove = "node.peers.remove"

    /// Runs `method` on `network`; nil when `method` is not one of these.
    static func call(_ method: String, _ parameters: [String: String], network: ConnectionManager) async throws -> ControlValue? {
        guard method == add || method == remove else { return nil }
        let text = try parameters.required("address")
        let address: PeerAddress
        do { address = try PeerAddress(parsing: text) } catch { throw ControlParameterError("\(error)") }
        if method == add {
            await network.addOperatorPeer(address)
            return .object(["added": .string(address.description), "knownPeers": .number(Double(await network.status().knownPeers))])
        }
        guard await network.removePeer(address) else {
            throw ControlParameterError("the node neither knows nor is connected to \(address); see `parley ctl status`")
        }
        return .object(["removed": .string(address.description), "knownPeers": .number(Double(await network.status().knownPeers))])
    }
}
