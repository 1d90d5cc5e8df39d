/// A `SecureChannelStore` in process memory, for tests and ephemeral identities. Transactions snapshot the
/// tables and restore them if the body throws, so it is as all-or-nothing as the SQLite store.
public final class InMemorySecureChannelStore: SecureChannelStore {
    private struct Tables {
        var preKeys: [[UInt8]: StoredPreKey] = [:]
        var installations: [InstallationKey: Installation] = [:]
        var ratchetInfos: [RatchetInfoKey: (info: RatchetInfo, order: Int)] = [:]
        var sessions: [[UInt8]: RatchetState] = [:]
        var skippedKeys: [[UInt8]: [SkippedKeySlot: SkippedMessageKey]] = [:]
        var sharedSecrets: [[UInt8]: [String: [UInt8]]] = [:]
        var insertions = 0
    }

    private struct InstallationKey: Hashable { let identity: [UInt8]; let id: String }
    private struct RatchetInfoKey: Hashable { let identity: [UInt8]; let bundleID: [UInt8]; let installationID: String }

    private var tables = Tables()
    private var transactionDepth = 0

    public init() {}

    public func transaction<T>(_ body: () throws -> T) throws -> T {
        if transactionDepth > 0 { return try body() }
        let snapshot = tables
        transactionDepth += 1
        defer { transactionDepth -= 1 }
        do {
            return try body()
        } catch {
            tables = snapshot
            throw error
        }
    }

    // MARK: PreKeyStore

    public func savePreKey(_ key: StoredPreKey) throws { tables.preKeys[key.signedPreKey] = key }

    public func preKey(signedPreKey: [UInt8]) throws -> StoredPreKey? { tables.preKeys[signedPreKey] }

    public func preKeys(identity: [UInt8], installationID: String) throws -> [StoredPreKey] {
        tables.preKeys.values.filter { $0.identity == identity && $0.installationID == installationID }
            .sorted { $0.version > $1.version }
    }

    // MARK: InstallationStore

    public func saveInstallation(_ installation: Installation) throws {
        tables.installations[InstallationKey(identity: installation.identity, id: installation.id)] = installation
    }

    public func installation(identity: [UInt8], id: String) throws -> Installation? {
        tables.installations[InstallationKey(identity: identity, id: id)]
    }

    public func installations(identity: [UInt8]) throws -> [Installation] {
        tables.installations.values.filter { $0.identity == identity }
            .sorted { ($0.timestamp, $0.id) > ($1.timestamp, $1.id) }
    }

    // MARK: RatchetInfoStore

    public func saveRatchetInfo(_ info: RatchetInfo) throws {
        let key = RatchetInfoKey(identity: info.identity, bundleID: info.bundleID, installationID: info.installationID)
        let order = tables.ratchetInfos[key]?.order ?? tables.insertions
        tables.insertions += 1
        tables.ratchetInfos[key] = (info, order)
    }

    public func ratchetInfo(identity: [UInt8], bundleID: [UInt8], installationID: String) throws -> RatchetInfo? {
        tables.ratchetInfos[RatchetInfoKey(identity: identity, bundleID: bundleID, installationID: installationID)]?.info
    }

    public func ratchetInfos(identity: [UInt8], installationID: String) throws -> [RatchetInfo] {
        tables.ratchetInfos.values.filter { $0.info.identity == identity && $0.info.installationID == installationID }
            .sorted { ($0.info.createdAt, $0.order) > ($1.info.createdAt, $1.order) }
            .map(\.info)
    }

    // MARK: RatchetSessionStore

    public func session(id: [UInt8]) throws -> RatchetState? { tables.sessions[id] }

    public func saveSession(_ state: RatchetState, id: [UInt8]) throws { tables.sessions[id] = state }

    public func deleteSession(id: [UInt8]) throws {
        tables.sessions[id] = nil
        tables.skippedKeys[id] = nil
    }

    public func skippedKey(session: [UInt8], slot: SkippedKeySlot) throws -> [UInt8]? {
        tables.skippedKeys[session]?[slot]?.messageKey
    }

    public func addSkippedKeys(_ keys: [SkippedMessageKey], session: [UInt8]) throws {
        guard !keys.isEmpty else { return }
        var filed = tables.skippedKeys[session] ?? [:]
        for key in keys { filed[key.slot] = key }
        tables.skippedKeys[session] = filed
    }

    public func deleteSkippedKey(session: [UInt8], slot: SkippedKeySlot) throws {
        tables.skippedKeys[session]?[slot] = nil
    }

    public func pruneSkippedKeys(session: [UInt8], keysCount: UInt64, limits: RatchetLimits) throws {
        guard var filed = tables.skippedKeys[session] else { return }
        for slot in SkippedKeyPruning.slotsToDrop(from: filed.values, keysCount: keysCount, limits: limits) {
            filed[slot] = nil
        }
        tables.skippedKeys[session] = filed
    }

    public func skippedKeyCount(session: [UInt8]) throws -> Int { tables.skippedKeys[session]?.count ?? 0 }

    // MARK: SharedSecretStore

    public func saveSharedSecret(_ secret: [UInt8], identity: [UInt8], installationID: String) throws {
        tables.sharedSecrets[identity, default: [:]][installationID] = secret
    }

    public func sharedSecrets(identity: [UInt8]) throws -> [String: [UInt8]] { tables.sharedSecrets[identity] ?? [:] }
}
