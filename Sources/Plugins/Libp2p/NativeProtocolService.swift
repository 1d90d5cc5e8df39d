import Synchronization

/// A libp2p protocol served inside this plugin rather than by a kernel `ProtocolHandler`: it sees every
/// connection (`connected` runs for the connection's lifetime, in its task) and every stream a peer opens
/// for one of its `protocolNames`. Gossipsub needs this: one stream per direction on each connection.
protocol NativeProtocolService: AnyObject, Sendable {
    var protocolNames: [String] { get }
    func connected(_ connection: Libp2pConnection) async
    func serve(_ reader: StreamReader, protocolName: String, on connection: Libp2pConnection) async
}

/// The native services attached to a transport right now (added and removed by their plugins), and the
/// live connections they run on. A service added while connections are up (a plugin enabled by
/// `parley ctl apply`) is attached to each of them at once, in that connection's own task.
final class NativeServices: Sendable {
    private struct State {
        var services: [any NativeProtocolService] = []
        /// Each live connection's inbox of services added after it was established.
        var connections: [ObjectIdentifier: AsyncStream<any NativeProtocolService>.Continuation] = [:]
    }
    private let state = Mutex(State())

    func add(_ service: any NativeProtocolService) {
        let live = state.withLock { state in
            state.services.append(service)
            return Array(state.connections.values)
        }
        for inbox in live { inbox.yield(service) }
    }

    func remove(_ service: any NativeProtocolService) { state.withLock { $0.services.removeAll { $0 === service } } }
    var all: [any NativeProtocolService] { state.withLock { $0.services } }
    var protocolNames: [String] { all.flatMap(\.protocolNames) }
    func service(for name: String) -> (any NativeProtocolService)? { all.first { $0.protocolNames.contains(name) } }

    /// Runs every service's `connected` on `connection`, including services added later, until the
    /// connection ends (or the calling task is cancelled) and every service's `connected` returned.
    func run(on connection: Libp2pConnection) async {
        let key = ObjectIdentifier(connection)
        let (inbox, continuation) = AsyncStream.makeStream(of: (any NativeProtocolService).self)
        let current = state.withLock { state in
            state.connections[key] = continuation
            return state.services
        }
        await withDiscardingTaskGroup { group in
            for service in current { group.addTask { await service.connected(connection) } }
            group.addTask {
                await connection.closure.wait()
                continuation.finish()
            }
            for await service in inbox { group.addTask { await service.connected(connection) } }
            _ = state.withLock { $0.connections.removeValue(forKey: key) }
        }
        _ = state.withLock { $0.connections.removeValue(forKey: key) }
    }
}
