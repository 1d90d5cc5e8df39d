import Foundation
import Kernel

/// `parley node --nat extip:IP`: the address other nodes should dial, advertised in the enode URL
/// (`devp2p.advertised-host`) and the libp2p multiaddr (`libp2p.advertised-host`) of the transports
/// the profile runs — for a node behind NAT or in a container, whose listen address is not reachable.
enum NATOption {
    /// The IP in `extip:IP`; exit 64 for anything else (UPnP/PMP are not implemented).
    static func externalIP(_ text: String) throws -> String {
        guard text.hasPrefix("extip:") else {
            throw CLIFailure("--nat takes extip:IP (e.g. --nat extip:203.0.113.7); '\(text)' is not supported", code: 64)
        }
        let ip = String(text.dropFirst("extip:".count))
        var v4 = in_addr(), v6 = in6_addr()
        guard inet_pton(AF_INET, ip, &v4) == 1 || inet_pton(AF_INET6, ip, &v6) == 1 else {
            throw CLIFailure("--nat extip:IP needs an IPv4 or IPv6 address; '\(ip)' is not one", code: 64)
        }
        return ip
    }

    /// `--set` overrides advertising `ip` for the transports in `profile`.
    static func overrides(advertising ip: String, in profile: Profile) -> [String] {
        ["devp2p", "libp2p"].filter { key in profile.plugins.contains { $0.key == key } }
            .map { "\($0).advertised-host=\(ip)" }
    }
}
