/// Hands a service a plugin creates in `prepare` to an outside observer (tests, simulations), the way
/// `WakuPlugin.factory(peers:)` lets them share the `WakuPeers` registry.
public actor ServiceHandoff<Service: Sendable> {
    /// The service, once the plugin has prepared.
    public private(set) var value: Service?

    public init() {}

    public func put(_ service: Service) { value = service }
}
