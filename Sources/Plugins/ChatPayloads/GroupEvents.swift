import Foundation
import Primitives

/// Builders for private-group membership events (wire-facts §5.7, status-go `protocol/v1`
/// `New…Event`). Exists so the messenger never assembles event protobufs by hand: members are always
/// `"0x04…"` keys and each event type carries exactly the fields status-go reads.
public enum GroupEvents {
    /// CHAT_CREATED with the group name.
    public static func chatCreated(name: String, clock: UInt64) -> Protobuf_MembershipUpdateEvent {
        event(.chatCreated, clock: clock, name: name)
    }

    /// NAME_CHANGED (rename).
    public static func nameChanged(_ name: String, clock: UInt64) -> Protobuf_MembershipUpdateEvent {
        event(.nameChanged, clock: clock, name: name)
    }

    /// MEMBERS_ADDED.
    public static func membersAdded(_ members: [PublicKey], clock: UInt64) -> Protobuf_MembershipUpdateEvent {
        event(.membersAdded, clock: clock, members: members.map(ChatID.oneToOne))
    }

    /// MEMBER_JOINED (the signer joins).
    public static func memberJoined(clock: UInt64) -> Protobuf_MembershipUpdateEvent {
        event(.memberJoined, clock: clock)
    }

    /// MEMBER_REMOVED of one member.
    public static func memberRemoved(_ member: PublicKey, clock: UInt64) -> Protobuf_MembershipUpdateEvent {
        event(.memberRemoved, clock: clock, members: [ChatID.oneToOne(member)])
    }

    /// Leaving = MEMBER_REMOVED of oneself.
    public static func leave(_ me: PublicKey, clock: UInt64) -> Protobuf_MembershipUpdateEvent {
        memberRemoved(me, clock: clock)
    }

    /// ADMINS_ADDED (each must already be a member).
    public static func adminsAdded(_ admins: [PublicKey], clock: UInt64) -> Protobuf_MembershipUpdateEvent {
        event(.adminsAdded, clock: clock, members: admins.map(ChatID.oneToOne))
    }

    /// ADMIN_REMOVED: only an admin removing their own admin role is valid.
    public static func adminRemoved(_ admin: PublicKey, clock: UInt64) -> Protobuf_MembershipUpdateEvent {
        event(.adminRemoved, clock: clock, members: [ChatID.oneToOne(admin)])
    }

    /// A new group: a fresh id for `creator` and its signed CHAT_CREATED event.
    public static func createGroup(name: String, creator: PrivateKey, clock: UInt64,
                                   uuid: UUID = UUID()) throws(GroupEventError) -> (chatID: String, created: SignedGroupEvent) {
        let chatID = ChatID.privateGroup(creator: creator.publicKey, uuid: uuid)
        let created = try SignedGroupEvent.sign(chatCreated(name: name, clock: clock), chatID: chatID, with: creator)
        return (chatID, created)
    }

    private static func event(_ type: Protobuf_MembershipUpdateEvent.EventType, clock: UInt64,
                              name: String = "", members: [String] = []) -> Protobuf_MembershipUpdateEvent {
        var event = Protobuf_MembershipUpdateEvent()
        event.type = type
        event.clock = clock
        event.name = name
        event.members = members
        return event
    }
}
