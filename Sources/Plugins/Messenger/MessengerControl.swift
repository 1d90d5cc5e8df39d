import Accounts
import ChatPayloads
import Foundation
import Kernel
import Primitives

/// The messenger's control methods (`chat.*`), behind `parley chat …` against a running node.
enum MessengerControl {
    static func methods(_ messenger: Messenger) -> [(String, any ControlMethod)] {
        [
            ("chat.whoami", Method { _ in
                let key = ChatKey(messenger.publicKey)
                return .object(["chatKey": .string(key.statusID), "zq3": .string(key.zq3),
                                "name": .string(ThreeWordName.generate(for: messenger.publicKey)),
                                "installation": .string(messenger.installationID)])
            }),
            ("chat.add-contact", Method { parameters in
                let key = try contactKey(parameters.required("key"))
                try await messenger.addContact(key)
                return .object(["chat": .string(ChatID.oneToOne(key))])
            }),
            ("chat.join", Method { parameters in
                try await messenger.joinPublicChat(try parameters.required("name"))
                return .object(["joined": .string(try parameters.required("name"))])
            }),
            ("chat.send", Method { parameters in
                let view = try await messenger.sendText(try parameters.required("text"), to: chat(try parameters.required("chat")),
                                                        replyingTo: parameters["reply-to"])
                return view.controlValue
            }),
            ("chat.react", Method { parameters in
                guard let type = Protobuf_EmojiReaction.TypeEnum(name: try parameters.required("emoji")) else {
                    throw ControlParameterError("--emoji must be one of love, thumbs-up, thumbs-down, laugh, sad, angry")
                }
                try await messenger.react(type, to: try parameters.required("message"), in: chat(try parameters.required("chat")),
                                          retract: parameters["retract"] == "true")
                return .object(["ok": .bool(true)])
            }),
            ("chat.read", Method { parameters in
                let limit = Int(try parameters.number("limit", default: 20))
                let messages = try await messenger.messages(in: chat(try parameters.required("chat")).chatID, limit: limit)
                return .object(["messages": .array(messages.map(\.controlValue))])
            }),
            ("chat.chats", Method { _ in
                let chats = try await messenger.chats()
                return .object(["chats": .array(chats.map { .object(["id": .string($0.id), "kind": .string("\($0.kind)"), "name": .string($0.name)]) })])
            }),
            ("chat.history", Method { _ in
                .object(["envelopes": .number(Double(try await messenger.catchUp()))])
            }),
            ("chat.group", Method { parameters in try await group(messenger, parameters) }),
        ]
    }

    static func group(_ messenger: Messenger, _ parameters: [String: String]) async throws -> ControlValue {
        let action = try parameters.required("action")
        let members = try (parameters["members"] ?? "").split(separator: ",").map { try contactKey(String($0)) }
        switch action {
        case "create":
            let id = try await messenger.createGroup(name: try parameters.required("name"), members: members)
            return .object(["chat": .string(id)])
        case "add": try await messenger.addMembers(members, to: try parameters.required("chat"))
        case "remove":
            for member in members { try await messenger.removeMember(member, from: try parameters.required("chat")) }
        case "rename": try await messenger.renameGroup(try parameters.required("chat"), to: try parameters.required("name"))
        case "leave": try await messenger.leaveGroup(try parameters.required("chat"))
        case "show":
            let state = try await messenger.groupState(try parameters.required("chat"))
            return .object(["name": .string(state.name), "members": .array(state.members.map(ControlValue.string)),
                            "admins": .array(state.admins.map(ControlValue.string))])
        default: throw ControlParameterError("unknown group action '\(action)': create, add, remove, rename, leave or show")
        }
        return .object(["ok": .bool(true)])
    }

    static func contactKey(_ text: String) throws -> PublicKey {
        do { return try ChatKey(parsing: text).publicKey } catch { throw ControlParameterError("'\(text)' is not a chat key: \(error)") }
    }

    static func chat(_ text: String) -> ChatReference {
        ChatReference(parsing: text) { try? ChatKey(parsing: $0).publicKey }
    }

    /// A control method from a closure.
    struct Method: ControlMethod {
        let body: @Sendable ([String: String]) async throws -> ControlValue
        init(_ body: @escaping @Sendable ([String: String]) async throws -> ControlValue) { self.body = body }
        func call(_ parameters: [String: String]) async throws -> ControlValue { try await body(parameters) }
    }
}

extension ChatMessageView {
    var controlValue: ControlValue {
        var object: [String: ControlValue] = [
            "id": .string(id), "chat": .string(chatID), "sender": .string(sender), "clock": .number(Double(clock)),
            "timestamp": .number(Double(timestamp)), "text": .string(text), "outgoing": .bool(outgoing),
        ]
        if let replyTo { object["replyTo"] = .string(replyTo) }
        return .object(object)
    }
}

extension Protobuf_EmojiReaction.TypeEnum {
    init?(name: String) {
        switch name.lowercased() {
        case "love", "❤️": self = .love
        case "thumbs-up", "👍": self = .thumbsUp
        case "thumbs-down", "👎": self = .thumbsDown
        case "laugh", "😂": self = .laugh
        case "sad", "😢": self = .sad
        case "angry", "😡": self = .angry
        default: return nil
        }
    }
}
