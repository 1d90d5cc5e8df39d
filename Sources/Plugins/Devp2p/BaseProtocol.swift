// The devp2p base protocol `p2p` (message ids 0x00–0x0f, version 5; wire-facts §1.5).
import Kernel
import Primitives

/// Base-protocol message ids.
enum BaseMessage {
    static let hello: UInt64 = 0x00
    static let disconnect: UInt64 = 0x01
    static let ping: UInt64 = 0x02
    static let pong: UInt64 = 0x03
    /// Subprotocol codes start here.
    static let firstCapabilityCode: UInt64 = 0x10
    static let helloMaximumSize = 2048
}

/// A capability as announced in Hello: name and version.
struct CapabilityAnnouncement: Equatable, Hashable {
    var name: String
    var version: UInt
}

/// The Hello message both sides send first (never snappy-compressed).
struct HelloMessage: Equatable {
    static let protocolVersion: UInt64 = 5

    var version: UInt64
    var clientID: String
    var capabilities: [CapabilityAnnouncement]
    var listenPort: UInt64
    var nodeID: [UInt8]

    var encoded: [UInt8] {
        RLP.encode(.list([
            .uint(version), .bytes(Array(clientID.utf8)),
            .list(capabilities.map { .list([.bytes(Array($0.name.utf8)), .uint(UInt64($0.version))]) }),
            .uint(listenPort), .bytes(nodeID),
        ]))
    }

    /// Decodes a Hello, tolerating extra trailing list items (forward compatibility, EIP-8).
    static func decode(_ payload: [UInt8]) throws -> HelloMessage {
        do {
            let items = try RLP.decode(payload).asList()
            guard items.count >= 5 else { throw Devp2pError.protocolBreach("Hello has \(items.count) fields, need 5") }
            var capabilities: [CapabilityAnnouncement] = []
            for item in try items[2].asList() {
                let pair = try item.asList()
                guard pair.count >= 2 else { throw Devp2pError.protocolBreach("capability without version") }
                let version = try pair[1].asUInt64()
                guard version <= UInt64(UInt32.max) else { throw Devp2pError.protocolBreach("capability version too large") }
                capabilities.append(CapabilityAnnouncement(name: try pair[0].asString(), version: UInt(version)))
            }
            return HelloMessage(version: try items[0].asUInt64(), clientID: (try? items[1].asString()) ?? "",
                                capabilities: capabilities, listenPort: try items[3].asUInt64(),
                                nodeID: try items[4].asBytes())
        } catch let error as Devp2pError {
            throw error
        } catch {
            throw Devp2pError.protocolBreach("malformed Hello: \(error)")
        }
    }
}

/// Disconnect payload: `[reason]` (also accepts a bare integer and an empty list).
enum DisconnectMessage {
    static func encode(_ reason: DisconnectReason) -> [UInt8] {
        RLP.encode(.list([.uint(UInt64(reason.code))]))
    }

    static func decode(_ payload: [UInt8]) -> DisconnectReason {
        guard let item = try? RLP.decode(payload, strict: false) else { return .requested }
        if case .list(let items) = item, let first = items.first, let code = try? first.asUInt64(), code <= 0xff {
            return DisconnectReason(code: UInt8(code), detail: "sent by peer")
        }
        if let code = try? item.asUInt64(), code <= 0xff { return DisconnectReason(code: UInt8(code), detail: "sent by peer") }
        return .requested
    }
}
