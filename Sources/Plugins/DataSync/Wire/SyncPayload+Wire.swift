import Foundation
import SwiftProtobuf

/// What received bytes turned out to be (wire-facts §4.1, status-go `datasync.Handle`).
public enum SyncPayloadDetection: Sendable, Hashable {
    /// An MVDS payload: at least one of the four lists was non-empty on the wire.
    case payload(SyncPayload)
    /// Not MVDS: the bytes did not decode as a `Payload`, or every list was empty. They are a bare
    /// application message (an ApplicationMetadataMessage) to process as they are.
    case notMVDS
}

extension SyncPayload {
    /// Classifies received bytes as status-go does: decode as `mvds.Payload` (unknown fields such as 5005
    /// `group_offers` are skipped); a decoding failure or four empty lists mean "not MVDS". Never throws or
    /// traps, whatever the bytes. Detection looks at the raw lists, so a payload whose only ACK has a wrong
    /// length is still MVDS (with `ignoredIDs == 1`), as status-go would treat it.
    public static func detect(_ bytes: some Collection<UInt8>) -> SyncPayloadDetection {
        guard let wire = try? Mvds_Payload(serializedBytes: Array(bytes)) else { return .notMVDS }
        guard !(wire.acks.isEmpty && wire.offers.isEmpty && wire.requests.isEmpty && wire.messages.isEmpty) else {
            return .notMVDS
        }
        return .payload(SyncPayload(wire: wire))
    }

    /// Reads a decoded protobuf payload, dropping ids that are not 32 bytes long.
    public init(wire: Mvds_Payload) {
        var ignored = 0
        func ids(_ list: [Data]) -> [SyncMessageID] {
            list.compactMap { raw in
                if let id = SyncMessageID(bytes: raw) { return id }
                ignored += 1
                return nil
            }
        }
        let acks = ids(wire.acks), offers = ids(wire.offers), requests = ids(wire.requests)
        let messages = wire.messages.map {
            SyncMessage(groupID: SyncGroupID(bytes: $0.groupID), timestamp: $0.timestamp, body: Array($0.body))
        }
        self.init(acks: acks, offers: offers, requests: requests, messages: messages, ignoredIDs: ignored)
    }

    /// The protobuf form.
    public var wire: Mvds_Payload {
        var wire = Mvds_Payload()
        wire.acks = acks.map { Data($0.bytes) }
        wire.offers = offers.map { Data($0.bytes) }
        wire.requests = requests.map { Data($0.bytes) }
        wire.messages = messages.map { message in
            var out = Mvds_Message()
            out.groupID = Data(message.groupID.bytes)
            out.timestamp = message.timestamp
            out.body = Data(message.body)
            return out
        }
        return wire
    }

    /// The binary protobuf encoding (field order 5001, 5002, 5003, 5004; deterministic).
    public func encoded() -> [UInt8] {
        // Serializing a message with only bytes, int64 and nested message fields cannot fail: swift-protobuf
        // throws only for missing required fields (proto2) or invalid UTF-8 in strings, and there are neither.
        (try? wire.serializedBytes()) ?? []
    }
}
