import Bootstrap
import Devp2p
import Kernel
import MemoryTransport
import Messenger
import StaticPeers
import WakuProtocol
import WakuStore

/// Every plugin this binary knows, keyed by the names profiles use. New plugins are added here and
/// nowhere else in the kernel.
enum PluginCatalog {
    static func registry(memory switchboard: MemorySwitchboard = .shared) -> PluginRegistry {
        var registry = PluginRegistry()
        registry.register(MemoryTransportPlugin.factory(switchboard: switchboard))
        registry.register(StaticPeersPlugin.factory())
        registry.register(Devp2pPlugin.factory())
        registry.register(WakuPlugin.factory())
        registry.register(RelayPlugin.factory())
        registry.register(SendPlugin.factory())
        registry.register(ReceivePlugin.factory())
        registry.register(StorePlugin.factory())
        registry.register(HistoryPlugin.factory())
        registry.register(BootstrapPlugin.factory())
        registry.register(BootstrapPeersPlugin.factory())
        registry.register(MessengerPlugin.factory())
        return registry
    }
}
