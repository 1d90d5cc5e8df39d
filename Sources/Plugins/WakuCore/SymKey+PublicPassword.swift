import Synchronization

extension SymKey {
    /// `SymKey(password:)` for strings that are public by protocol design — the mailserver password
    /// every Status node shares, public chat names, contact-code topic names — remembered per process.
    ///
    /// Each derivation is 65 356 PBKDF2 rounds (tens of ms in a debug build); a node derives the same
    /// mailserver key in its `store` and `history` plugins at every start and role switch, and a
    /// simulator starting thousands of nodes spent over 80 % of its start-up on it. Secret passwords
    /// (negotiated secrets) must keep using `SymKey(password:)`, which keeps nothing.
    public init(publicPassword password: String) throws(SymKeyError) {
        if let known = PublicPasswordKeys.shared.key(for: password) {
            self = known
            return
        }
        try self.init(password: password)
        PublicPasswordKeys.shared.remember(self, for: password)
    }
}

/// The process-wide memo behind `SymKey(publicPassword:)`, bounded: it starts over past `capacity`.
final class PublicPasswordKeys: Sendable {
    static let shared = PublicPasswordKeys()
    static let capacity = 256
    private let keys = Mutex<[String: SymKey]>([:])

    func key(for password: String) -> SymKey? { keys.withLock { $0[password] } }

    func remember(_ key: SymKey, for password: String) {
        keys.withLock { keys in
            if keys.count >= Self.capacity { keys.removeAll(keepingCapacity: true) }
            keys[password] = key
        }
    }
}
