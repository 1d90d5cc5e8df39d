import ChatPayloads
import DataSync
import Foundation
import Primitives
import SecureChannel
import SwiftProtobuf

/// Valid payloads for the `payloads` corpus, each prefixed with the selector byte of its decoder.
enum PayloadSeeds {
    static func all() -> [[UInt8]] {
        var seeds: [[UInt8]] = []
        let tick = ClockTick(clock: UInt64(FuzzFixtures.now) * 1000, timestampMs: UInt64(FuzzFixtures.now) * 1000)
        if let target = try? ChatTarget.publicChat("status"),
           let message = try? ChatMessages.text("hello from the fuzz seeds", to: target, tick: tick),
           let wrapped = try? ApplicationMessage.wrap(message, signer: FuzzFixtures.keyA) {
            seeds.append([0] + wrapped.bytes)
            if let bytes = try? message.serializedBytes() as [UInt8] { seeds.append([1] + bytes) }
            let sync = SyncPayload(acks: [], offers: [], requests: [],
                                   messages: [SyncMessage(groupID: SyncGroupID(bytes: [UInt8](repeating: 3, count: 32)),
                                                          timestamp: Int64(FuzzFixtures.now), body: wrapped.bytes)])
            seeds.append([7] + sync.encoded())
            if let messageID = try? MessageID(hex: "0x" + String(repeating: "ab", count: 32)) {
                let reaction = EmojiReactions.reaction(.love, to: messageID, in: target, clock: tick.clock)
                if let bytes = try? reaction.serializedBytes() as [UInt8] { seeds.append([5] + bytes) }
            }
        }
        if let group = try? GroupEvents.createGroup(name: "fuzzers", creator: FuzzFixtures.keyA, clock: tick.clock,
                                                    uuid: UUID(uuidString: "00000000-0000-0000-0000-000000000001")!) {
            let update = Protobuf_MembershipUpdateMessage(chatID: group.chatID, events: [group.created])
            if let bytes = try? update.serializedBytes() as [UInt8] { seeds.append([3] + bytes) }
            seeds.append([10] + group.created.wireBytes)
        }
        for message in SecureChannelFixtures.messagesFromA() { seeds.append([8] + message) }
        if let bundle = SecureChannelFixtures.bundleOfB() { seeds.append([9] + bundle) }
        return seeds
    }
}
