import Bootstrap
import Devp2p
import Discv5
import Kernel
import Libp2p
import MemoryTransport
import NodeAPI
import Messenger
import Rendezvous
import StaticPeers
import WakuProtocol
import WakuStore

/// Every plugin this binary knows, keyed by the names profiles use: the one place a new plugin is
/// added. The CLI, the embedded local network and the benches build their kernels from it, so a node
/// anywhere is made the same way: profile → plan → plugin instances.
public enum PluginCatalog {
    /// A registry of every plugin; `memory` nodes meet on `switchboard`.
    public static func registry(memory switchboard: MemorySwitchboard = .shared) -> PluginRegistry {
        var registry = PluginRegistry()
        for factory in factories(memory: switchboard) { registry.register(factory) }
        return registry
    }

    /// The factories, in the order `parley plugins` lists them.
    public static func factories(memory switchboard: MemorySwitchboard = .shared) -> [any PluginFactory] {
        [
            MemoryTransportPlugin.factory(switchboard: switchboard),
            StaticPeersPlugin.factory(),
            Devp2pPlugin.factory(),
            WakuPlugin.factory(),
            RelayPlugin.factory(),
            SendPlugin.factory(),
            ReceivePlugin.factory(),
            StorePlugin.factory(),
            HistoryPlugin.factory(),
            BootstrapPlugin.factory(),
            BootstrapPeersPlugin.factory(),
            MessengerPlugin.factory(),
            Discv5Plugin.factory(),
            Libp2pPlugin.factory(),
            ApiPlugin.factory(),
            RendezvousPlugin.factory(),
            GossipsubPlugin.factory(),
        ]
    }
}
