#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The network a remote address belongs to, as admission limits count it: its IP, its subnet (/24 for
/// IPv4, /64 for IPv6 — what one operator typically controls) and whether it is loopback. Limits per
/// subnet stop an attacker from sidestepping per-IP limits with neighbouring addresses.
public struct AddressGroup: Hashable, Sendable, CustomStringConvertible {
    /// The IP in canonical form (IPv4-mapped IPv6 addresses are shown as IPv4); the raw host string
    /// when it is not an IP literal.
    public let ip: String
    /// `a.b.c.0/24`, `xxxx:xxxx:xxxx:xxxx::/64`, or the raw host when it is not an IP literal.
    public let subnet: String
    public let isLoopback: Bool

    public init(ip: String, subnet: String, isLoopback: Bool) {
        self.ip = ip
        self.subnet = subnet
        self.isLoopback = isLoopback
    }

    /// Groups a host string as transports report it (`127.0.0.1`, `::1`, `::ffff:10.0.0.1`, `fe80::1%eth0`).
    public init(host: String) {
        let bare = String(host.split(separator: "%", maxSplits: 1).first ?? Substring(host))
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, bare, &v4) == 1 {
            let bytes = withUnsafeBytes(of: &v4) { Array($0) }
            self = Self.ipv4(bytes)
        } else if inet_pton(AF_INET6, bare, &v6) == 1 {
            let bytes = withUnsafeBytes(of: &v6) { Array($0) }
            if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
                self = Self.ipv4(Array(bytes[12..<16]))
            } else {
                let groups = stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
                let loopback = bytes[0..<15].allSatisfy { $0 == 0 } && bytes[15] == 1
                self.init(ip: groups.joined(separator: ":"), subnet: groups.prefix(4).joined(separator: ":") + "::/64",
                          isLoopback: loopback)
            }
        } else {
            self.init(ip: host, subnet: host, isLoopback: host == "localhost")
        }
    }

    private static func ipv4(_ b: [UInt8]) -> AddressGroup {
        AddressGroup(ip: "\(b[0]).\(b[1]).\(b[2]).\(b[3])", subnet: "\(b[0]).\(b[1]).\(b[2]).0/24", isLoopback: b[0] == 127)
    }

    public var description: String { ip }
}
