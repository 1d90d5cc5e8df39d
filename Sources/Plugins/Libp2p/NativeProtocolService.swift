import Synchronization

/// A libp2p protocol served inside this plugin rather than by a kernel `ProtocolHandler`: it sees every
/// connection (`connected` runs for the connection's lifetime, in its task) and every stream a peer opens
/// for one of its `protocolNames`. Gossipsub needs this: one stream per direction on each connection.
protocol NativeProtocolService: AnyObject, Sendable {
    var protocolNames: [String] { get }
    func connected(_ connection: Libp2pConnection) async
    func serve(_ reader: StreamReader, protocolName: String, on connection: Libp2pConnection) async
}

/// The native services attached to a transport right now (added and removed by their plugins).
final class NativeServices: Sendable {
    private let services = Mutex<[any NativeProtocolService]>([])

    func add(_ service: any NativeProtocolService) { services.withLock { $0.append(service) } }
    func remove(_ service: any NativeProtocolService) { services.withLock { $0.removeAll { $0 === service } } }
    var all: [any NativeProtocolService] { services.withLock { $0 } }
    var protocolNames: [String] { all.flatMap(\.protocolNames) }
    func service(for name: String) -> (any NativeProtocolService)? { all.first { $0.protocolNames.contains(name) } }
}
