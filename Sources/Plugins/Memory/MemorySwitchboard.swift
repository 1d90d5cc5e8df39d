// The `memory` transport: in-process connections between nodes, for tests and large simulations.
// It behaves like RLPx at the seams (authenticated peer id, negotiated capabilities as implicit
// streams, disconnect reasons) without sockets or crypto. Never the only proof a protocol works.
import Kernel
import Synchronization

/// The in-process "network" memory transports meet on: endpoint names map to listening nodes.
///
/// Nodes in one process share `MemorySwitchboard.shared` by default; a test or simulation that wants
/// isolation creates its own and passes it to `MemoryTransportPlugin.factory(switchboard:)`.
public final class MemorySwitchboard: Sendable {
    public static let shared = MemorySwitchboard()

    struct Endpoint: Sendable {
        let peer: PeerID
        let offers: @Sendable () async -> [ProtocolOffer]
        let inbound: AsyncMessageQueue<MemoryConnection>
    }
    private let endpoints = Mutex<[String: Endpoint]>([:])
    /// Carries messages between endpoints when set (simulations); nil delivers at once.
    public let links: (any MemoryLinkModel)?

    public init(links: (any MemoryLinkModel)? = nil) { self.links = links }

    func bind(_ name: String, endpoint: Endpoint) throws {
        try endpoints.withLock { endpoints in
            guard endpoints[name] == nil else { throw MemoryTransportError.nameInUse(name) }
            endpoints[name] = endpoint
        }
    }

    func unbind(_ name: String) {
        _ = endpoints.withLock { $0.removeValue(forKey: name) }
    }

    func endpoint(_ name: String) -> Endpoint? { endpoints.withLock { $0[name] } }

    /// Names currently listening (for diagnostics).
    public var boundNames: [String] { endpoints.withLock { Array($0.keys).sorted() } }
}

/// Why a memory connection could not be made.
public enum MemoryTransportError: Error, Equatable, CustomStringConvertible {
    case nameInUse(String)
    case noSuchEndpoint(String)
    case refusedByListener(String)

    public var description: String {
        switch self {
        case .nameInUse(let name):
            return "memory endpoint '\(name)' is already bound by another node in this process; pick another `name`"
        case .noSuchEndpoint(let name): return "no node listens on memory://\(name)"
        case .refusedByListener(let name): return "memory://\(name) is shutting down"
        }
    }
}
