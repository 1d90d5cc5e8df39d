import WakuCore

/// What this node advertises to its waku peers — the configured Status options, changed at runtime by
/// the running relay and receive plugins — and the StatusUpdates that announce a change: the `waku`
/// plugin's `WakuRoleAdvertiser`.
public actor WakuAdvertisement: WakuRoleAdvertiser {
    private let sessions: WakuSessionTable
    private var role = AdvertisedRole()
    /// What this node advertises in the Status of new sessions; `broadcastStatusUpdate` changes it.
    public private(set) var advertised = StatusOptions()

    public init(sessions: WakuSessionTable) { self.sessions = sessions }

    /// Sets what new sessions advertise (the `waku` plugin does this from its config).
    public func advertise(_ options: StatusOptions) { advertised = options }

    /// Merges `options` into what this node advertises and sends them as a StatusUpdate to every
    /// peer; returns the number reached.
    @discardableResult
    public func broadcastStatusUpdate(_ options: StatusOptions) async -> Int {
        advertised = advertised.merging(options)
        var reached = 0
        for session in await sessions.all where (try? await session.sendStatusUpdate(options)) != nil { reached += 1 }
        return reached
    }

    /// Sends the StatusUpdate only when what is advertised changes. Connections stay up either way.
    public func setRelaying(_ relaying: Bool) async {
        role.relays += relaying ? 1 : -1
        await advertiseRole()
    }

    /// Advertised as topic interest while no relay runs.
    public func setLocalInterest(_ topics: Set<Topic>?) async {
        role.localInterest = topics
        await advertiseRole()
    }

    private func advertiseRole() async {
        guard let options = role.options, !advertised.contains(options) else { return }
        await broadcastStatusUpdate(options)
    }
}

/// What the running capability plugins say this node is: a relaying full node or a light node with
/// topic interest.
struct AdvertisedRole: Sendable {
    var relays = 0
    var localInterest: Set<Topic>?

    /// The options to advertise, or nil to leave the configured ones alone.
    var options: StatusOptions? {
        if relays > 0 {
            var options = StatusOptions(lightNode: false)
            options.bloomFilter = .full
            return options
        }
        guard let topics = localInterest else { return nil }
        return StatusOptions(lightNode: true, topicInterest: topics.sorted())
    }
}
