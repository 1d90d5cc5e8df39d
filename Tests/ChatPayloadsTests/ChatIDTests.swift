import Foundation
import Primitives
import Testing
@testable import ChatPayloads

@Suite("Chat ids and targets (wire-facts §2.7, §5.4, §5.7)")
struct ChatIDTests {
    static let secHex = "04e40930c838d6cca526795596e368d16083f0672f4ab61788277abfa23c3740e1cc84453b0b24f49086feba0bd978bb4446bae8dff1e79fcc1e9cf482ec2d07c3"

    @Test("1:1 id is \"0x\" + hex65 (the wire-facts §0.3 vector key)")
    func oneToOne() {
        #expect(ChatID.oneToOne(Fixtures.sec.publicKey) == "0x" + Self.secHex)
        let target = ChatTarget.oneToOne(Fixtures.sec.publicKey)
        #expect(target.chatID == "0x" + Self.secHex)
        #expect(target.messageType == .oneToOne)
    }

    @Test("private group id: lower-case uuid4 + \"-0x\" + hex65(creator); creator parses back")
    func privateGroup() throws {
        let uuid = try #require(UUID(uuidString: "3F2504E0-4F89-41D3-9A0C-0305E82C3301"))
        let id = ChatID.privateGroup(creator: Fixtures.sec.publicKey, uuid: uuid)
        #expect(id == "3f2504e0-4f89-41d3-9a0c-0305e82c3301-0x" + Self.secHex)
        #expect(try ChatID.groupCreator(of: id) == Fixtures.sec.publicKey)
        let fresh = ChatID.privateGroup(creator: Fixtures.bob.publicKey)
        #expect(fresh.count == 36 + 1 + 132)
        #expect(fresh != ChatID.privateGroup(creator: Fixtures.bob.publicKey))
        #expect(try ChatTarget.privateGroup(id).messageType == .privateGroup)
    }

    @Test("not group ids")
    func notGroupIDs() {
        for text in ["", "status", "0x" + Self.secHex, "uuid0x" + Self.secHex, "uuid-0x" + Self.secHex.uppercased(),
                     "uuid-0x" + String(Self.secHex.dropLast()) + "0", "uuid-0x03" + String(repeating: "00", count: 64)] {
            #expect(throws: ChatIDError.self) { try ChatID.groupCreator(of: text) }
        }
    }

    @Test("public chat names: a-z, 0-9, '-' only, non-empty")
    func publicNames() throws {
        for name in ["status", "status-dev", "a", "1984", "-"] {
            #expect(try ChatID.publicChat(name) == name)
            #expect(try ChatTarget.publicChat(name).messageType == .publicGroup)
        }
        #expect(throws: ChatIDError.emptyPublicChatName) { try ChatID.publicChat("") }
        for (name, bad) in [("Status", "S"), ("status chat", " "), ("über", "ü"), ("a_b", "_"), ("#status", "#")] {
            #expect(throws: ChatIDError.invalidPublicChatName(name, offending: Character(bad))) { try ChatID.publicChat(name) }
        }
    }
}
