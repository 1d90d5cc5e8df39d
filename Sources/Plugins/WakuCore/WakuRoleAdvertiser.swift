import Kernel

/// Waku peer seam: what this node tells its peers it is. While any relay runs it advertises a full node
/// (not light, full bloom); otherwise a light node interested in the local subscriptions' topics, if
/// set. Changes go out as a StatusUpdate; connections stay up. Provided by the `waku` plugin as `.wakuRole`.
public protocol WakuRoleAdvertiser: Sendable {
    /// A relay started (`true`) or stopped.
    func setRelaying(_ relaying: Bool) async
    /// The topics local subscribers want; `nil` stops advertising them.
    func setLocalInterest(_ topics: Set<Topic>?) async
}

extension ServiceKey where T == any WakuRoleAdvertiser {
    /// The `waku` plugin's role advertisement.
    public static var wakuRole: ServiceKey<any WakuRoleAdvertiser> { ServiceKey(.waku, "waku.role") }
}
