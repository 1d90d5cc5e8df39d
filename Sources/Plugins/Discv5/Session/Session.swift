import Foundation
import Primitives

/// A node id together with the UDP address it speaks from: sessions, challenges and the
/// anti-amplification budget are all keyed by both (discv5-theory.md "Sessions").
public struct NodeAddress: Hashable, Sendable {
    public let id: [UInt8]
    public let endpoint: Endpoint
}

/// An IPv4/IPv6 address and port, independent of swift-nio so it can be stored and compared.
public struct Endpoint: Hashable, Sendable, CustomStringConvertible {
    public let ip: [UInt8]
    public let port: UInt16
    public init(ip: [UInt8], port: UInt16) { self.ip = ip; self.port = port }
    public var description: String { ip.count == 4 ? ip.map(String.init).joined(separator: ".") + ":\(port)" : "[ipv6]:\(port)" }
    public var host: String { ip.count == 4 ? ip.map(String.init).joined(separator: ".") : ip.map { String(format: "%02x", $0) }.joined() }
}

/// An established session: one key per direction and a nonce counter so no GCM nonce ever repeats
/// under the write key (`counter(8) ‖ random(4)`, the random part fixed per session).
///
/// `olderReadKey` keeps the read key of the session this one replaced: when two nodes start
/// handshakes with each other at the same moment each ends up writing under a different one, and
/// both still read each other.
struct Session {
    let writeKey: [UInt8]
    let readKey: [UInt8]
    var olderReadKey: [UInt8]?
    let expiry: Date
    private var counter: UInt64 = 0
    private let noncePrefix = SecureRandom.bytes(4)

    init(writeKey: [UInt8], readKey: [UInt8], expiry: Date) {
        self.writeKey = writeKey
        self.readKey = readKey
        self.expiry = expiry
    }

    mutating func nextNonce() -> [UInt8] {
        counter &+= 1
        return withUnsafeBytes(of: counter.bigEndian, Array.init) + noncePrefix
    }
}
