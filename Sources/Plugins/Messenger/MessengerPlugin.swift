import DataSync
import Foundation
import Kernel
import SecureChannel
import WakuCore

/// Settings of the `messenger` plugin (YAML keys in kebab-case).
public struct MessengerConfig: Decodable, Sendable, Equatable {
    /// Which account of the keystore (chat key, address or name); may be left out when there is one.
    public var account: String?
    /// Where `parley account` keeps accounts.
    public var accountsDirectory = "~/.parley"
    /// The environment variable holding the account passphrase.
    public var passphraseEnv = "PARLEY_PASSPHRASE"
    /// A file holding the passphrase instead (first line).
    public var passphraseFile: String?
    /// Join private groups we are added to without asking.
    public var autoJoinGroups = true
    /// MVDS epoch, milliseconds (status-go: 300).
    public var epochMilliseconds = 300
    /// Seconds between retries of the start-up history fetch while no store peer answers.
    public var historyRetrySeconds = 1.0

    public init() {}

    enum CodingKeys: String, CodingKey {
        case account, accountsDirectory, passphraseEnv, passphraseFile, autoJoinGroups, epochMilliseconds, historyRetrySeconds
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = MessengerConfig()
        account = try c.decodeIfPresent(String.self, forKey: .account)
        accountsDirectory = try c.decodeIfPresent(String.self, forKey: .accountsDirectory) ?? d.accountsDirectory
        passphraseEnv = try c.decodeIfPresent(String.self, forKey: .passphraseEnv) ?? d.passphraseEnv
        passphraseFile = try c.decodeIfPresent(String.self, forKey: .passphraseFile)
        autoJoinGroups = try c.decodeIfPresent(Bool.self, forKey: .autoJoinGroups) ?? d.autoJoinGroups
        epochMilliseconds = try c.decode(Int.self, forKey: .epochMilliseconds, default: d.epochMilliseconds, in: 10...10_000, unit: "ms")
        historyRetrySeconds = try c.decode(Double.self, forKey: .historyRetrySeconds, default: d.historyRetrySeconds, in: 0.01...3600, unit: "seconds")
    }

    /// The account passphrase from the file or the environment.
    func passphrase() throws -> String {
        if let file = passphraseFile {
            let text = try String(contentsOfFile: (file as NSString).expandingTildeInPath, encoding: .utf8)
            return String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
        }
        guard let value = ProcessInfo.processInfo.environment[passphraseEnv] else { throw MessengerAccountError.noPassphrase(variable: passphraseEnv) }
        return value
    }
}

/// The `messenger` plugin: one account's chats over the Waku seams. Runs unchanged on light and full
/// profiles; on start it restores its filters, publishes its contact code and fetches missed history.
public struct MessengerPlugin: NodePlugin {
    public static let descriptor = PluginDescriptor(
        key: "messenger", summary: "Status chats: 1:1, public and groups (X3DH + Double Ratchet, MVDS, encrypted chat database)",
        provides: [messengerCapability], requires: [.wakuSend, .wakuReceive], optionalRequires: [.wakuHistory])
    /// What this plugin provides (its own services hang off it).
    public static let messengerCapability: Capability = "messenger"
    /// The running messenger and the `chat.notify` long poll, kept for `run`.
    public static let messengerKey = ServiceKey<Messenger>(messengerCapability, "messenger")
    static let notifyKey = ServiceKey<NotifyMethod>(messengerCapability, "messenger.notify")
    public var descriptor: PluginDescriptor { Self.descriptor }
    public let config: MessengerConfig
    let account: MessengerAccount?

    public init(config: MessengerConfig, account: MessengerAccount? = nil) {
        self.config = config
        self.account = account
    }

    /// `account`: use these keys instead of the keystore (tests); embedders read the running messenger
    /// with `Kernel.service(MessengerPlugin.messengerKey)`.
    public static func factory(account: MessengerAccount? = nil) -> any PluginFactory {
        TypedPluginFactory(descriptor, config: MessengerConfig.self) { MessengerPlugin(config: $0, account: account) }
    }

    public func prepare(_ context: PluginContext) async throws {
        let account = try self.account ?? MessengerAccount.unlock(accountsDirectory: config.accountsDirectory, selector: config.account,
                                                                  passphrase: try config.passphrase())
        let directory = context.storageDirectory
        let database = try ChatDatabase(path: directory + "/chats.sqlite", key: account.databaseKey)
        let installation: String
        if let stored = try await database.setting("installation-id") {
            installation = String(decoding: stored, as: UTF8.self)
        } else {
            installation = UUID().uuidString.lowercased()
            try await database.setSetting("installation-id", Array(installation.utf8))
        }
        let store = try SQLiteSecureChannelStore(path: directory + "/sessions.sqlite", databaseKey: account.databaseKey)
        let clock = context.clock
        let encryption = try EncryptionProtocol(identityKey: account.identity, installationID: installation, store: store,
                                                clock: { Int64((clock.now().timeIntervalSince1970 * 1_000_000_000).rounded()) })
        let sync = try DataSyncEndpoint(identity: account.identity.publicKey,
                                        storage: .file(path: directory + "/datasync.sqlite", sealer: AtRestCipher(key: account.databaseKey)),
                                        configuration: DataSyncConfiguration(clock: { Int64(clock.now().timeIntervalSince1970) }))
        let messenger = Messenger(identity: account.identity, installationID: installation, database: database, encryption: encryption,
                                  sync: sync, sender: try context.require(.envelopeSender),
                                  receiver: try context.require(.envelopeReceiver),
                                  history: try context.lookup(.historyClient), bus: context.events,
                                  autoJoinGroups: config.autoJoinGroups, clock: clock)
        try context.provide(Self.messengerKey, messenger)
        try context.provide(.metricsSource(context.pluginKey), messenger)
        for (name, method) in MessengerControl.methods(messenger) {
            try context.provide(.controlMethod(name), method)
        }
        let notify = NotifyMethod(bus: context.events)
        try context.provide(Self.notifyKey, notify)
        try context.provide(.controlMethod("chat.notify"), notify)
        context.logger.info("messenger ready", metadata: ["chat-key": "0x\(account.identity.publicKey.uncompressed.prefix(8).map { String(format: "%02x", $0) }.joined())…",
                                                          "installation": "\(installation)"])
    }

    public func run(_ context: PluginContext) async throws {
        let messenger = try context.require(Self.messengerKey)
        let notify = try context.lookup(Self.notifyKey)
        let epoch = Duration.milliseconds(Int64(config.epochMilliseconds))
        let retry = Duration.milliseconds(Int64(config.historyRetrySeconds * 1000))
        let logger = context.logger
        let clock = context.clock
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withTaskGroup(of: Void.self) { streams in
                    for await stream in messenger.subscriptions {
                        streams.addTask { for await message in stream { await messenger.handle(message) } }
                    }
                }
            }
            group.addTask {
                do { try await messenger.restoreFilters() } catch { logger.error("messenger filters", metadata: ["error": "\(error)"]) }
                // Publish our bundle as soon as a peer takes it, then catch up with what arrived while we
                // were away; both retry until the network answers.
                while !Task.isCancelled, await !messenger.republishContactCodeIfDue(interval: 0) {
                    try? await clock.sleep(for: .milliseconds(200))
                }
                while !Task.isCancelled {
                    do {
                        try await messenger.catchUp()
                        break
                    } catch {
                        logger.notice("history not fetched yet", metadata: ["reason": "\(error)"])
                        try? await clock.sleep(for: retry)
                    }
                }
            }
            group.addTask {
                var ticks = 0
                while !Task.isCancelled {
                    try? await clock.sleep(for: epoch)
                    await messenger.flushSync()
                    ticks += 1
                    if ticks % 400 == 0 { await messenger.republishContactCodeIfDue() }  // checked every 120 s
                }
            }
            await context.stopSignal.wait()
            await notify?.polls.closeAll()
            await messenger.finish()
            group.cancelAll()
        }
    }
}
