import Storage

/// Where a `DataSyncEndpoint` keeps its state.
public enum DataSyncStorage: Sendable {
    /// In memory: lost when the endpoint goes away (simulations, tests, throwaway nodes).
    case inMemory
    /// A SQLite file, one per local identity; everything survives a close, crash or restart. With a
    /// `sealer`, message bodies are stored encrypted (a file remembers it and must be reopened so).
    case file(path: String, durability: SQLiteDatabase.Durability = .normal, sealer: (any DataSyncBodySealer)? = nil)

    func open(identity: SyncPeerID) throws(DataSyncError) -> any DataSyncStore {
        switch self {
        case .inMemory: return InMemoryDataSyncStore()
        case .file(let path, let durability, let sealer):
            return try SQLiteDataSyncStore(path: path, identity: identity, durability: durability, sealer: sealer)
        }
    }
}
