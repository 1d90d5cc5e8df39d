/// Hands a service a plugin creates in `prepare` to an outside observer (tests, simulations), the way
/// `WakuPlugin.factory(peers:)` lets them share the `WakuPeers` registry. In the kernel so plugins of
/// any module offer the same hook without importing each other.
public actor ServiceHandoff<Service: Sendable> {
    /// The service, once the plugin has prepared.
    public private(set) var value: Service?

    public init() {}

    public func put(_ service: Service) { value = service }
}
