import Foundation
import Primitives
import Testing
@testable import SecureChannel

@Suite("EncryptionProtocol: building and reading ProtocolMessages (wire-facts §3.5)")
struct EncryptionProtocolTests {
    @Test("own bundle: one signed pre-key, version 1, protocol_version 1, ns timestamp from the clock, valid signature")
    func ownBundle() async throws {
        let clock = TestClock()
        let alice = Account()
        let device = try alice.device("alice-1", clock: clock)
        let first = try await device.bundle()
        #expect(Array(first.identity) == alice.identity.compressed)
        #expect(first.signedPreKeys.keys.sorted() == ["alice-1"])
        #expect(first.signedPreKeys["alice-1"]?.version == 1)
        #expect(first.signedPreKeys["alice-1"]?.protocolVersion == 1)
        #expect(first.timestamp == clock.now)
        #expect(try first.verifiedIdentity() == alice.identity)
        clock.advance(nanoseconds: 5_000)
        let second = try await device.bundle()
        #expect(second.signedPreKeys == first.signedPreKeys)        // same pre-key within 24 h…
        #expect(second.timestamp == first.timestamp + 5_000)       // …re-signed with a fresh timestamp
        #expect(second.signature != first.signature)
    }

    @Test("no bundle known: the \"none\" DH fallback; the reply then uses X3DH + DR")
    func fallbackThenX3DH() async throws {
        let alice = Account(), bob = Account()
        let a = try alice.device("alice-1"), b = try bob.device("bob-1")
        let first = try await a.encrypt(Array(text: "hello bob"), to: bob.identity)
        #expect(first.usedFallback)
        #expect(first.message.directMessage.keys.sorted() == ["none"])
        #expect(first.message.directMessage["none"]?.hasDhHeader == true)
        #expect(first.installationIDs.isEmpty && !first.isNegotiated)
        #expect(first.message.bundles.count == 1 && first.message.installationID == "alice-1")
        let read = try await b.decrypt(first.message, from: alice.identity)
        #expect(read.payload == Array(text: "hello bob") && read.kind == .fallback)
        #expect(read.newInstallations.map(\.id) == ["alice-1"])

        let reply = try await b.encrypt(Array(text: "hi alice"), to: alice.identity)
        #expect(reply.message.directMessage.keys.sorted() == ["alice-1"])
        let entry = try #require(reply.message.directMessage["alice-1"])
        #expect(entry.hasX3DhHeader && entry.hasDrHeader)
        #expect(entry.x3DhHeader.id == entry.drHeader.id)
        #expect(try await a.decrypt(reply.message, from: bob.identity).payload == Array(text: "hi alice"))
    }

    @Test("X3DH header is repeated (same EK_A) until a DR message comes back from that installation")
    func x3dhRepeatedUntilReply() async throws {
        let alice = Account(), bob = Account()
        let a = try alice.device("alice-1"), b = try bob.device("bob-1")
        try await a.receiveBundle(try await b.bundle(), from: bob.identity)
        var sent: [Encryption_ProtocolMessage] = []
        for i in 0..<3 { sent.append(try await a.encrypt(Array(text: "m\(i)"), to: bob.identity).message) }
        let entries = sent.compactMap { $0.directMessage["bob-1"] }
        #expect(entries.count == 3 && entries.allSatisfy { $0.hasX3DhHeader && $0.hasDrHeader })
        #expect(Set(entries.map(\.x3DhHeader.key)).count == 1)
        #expect(entries.map(\.drHeader.n) == [0, 1, 2])
        // Bob opens the session from whichever arrives first.
        #expect(try await b.decrypt(sent[2], from: alice.identity).payload == Array(text: "m2"))
        #expect(try await b.decrypt(sent[0], from: alice.identity).payload == Array(text: "m0"))
        // No reply yet: still repeated.
        let stillOpen = try await a.encrypt(Array(text: "m3"), to: bob.identity).message
        #expect(stillOpen.directMessage["bob-1"]?.hasX3DhHeader == true)
        // Bob, the responder, never sends an X3DH header.
        let reply = try await b.encrypt(Array(text: "r0"), to: alice.identity).message
        #expect(reply.directMessage["alice-1"]?.hasX3DhHeader == false)
        #expect(try await a.decrypt(reply, from: bob.identity).payload == Array(text: "r0"))
        let confirmed = try await a.encrypt(Array(text: "m4"), to: bob.identity).message
        #expect(confirmed.directMessage["bob-1"]?.hasX3DhHeader == false)
        for message in [sent[1], stillOpen, confirmed] { _ = try await b.decrypt(message, from: alice.identity) }
    }

    @Test("replayed ProtocolMessages are rejected and do not disturb the session")
    func replayRejected() async throws {
        let alice = Account(), bob = Account()
        let a = try alice.device("alice-1"), b = try bob.device("bob-1")
        try await a.receiveBundle(try await b.bundle())
        let m0 = try await a.encrypt(Array(text: "once"), to: bob.identity).message
        _ = try await b.decrypt(m0, from: alice.identity)
        await #expect(throws: EncryptionProtocolError.ratchet(.messageKeyUnavailable(n: 0))) {
            try await b.decrypt(m0, from: alice.identity)
        }
        let m1 = try await a.encrypt(Array(text: "twice"), to: bob.identity).message
        #expect(try await b.decrypt(m1, from: alice.identity).payload == Array(text: "twice"))
    }

    @Test("forged bundle signature and a bundle of another identity are rejected; nothing is stored")
    func bundleRejection() async throws {
        let alice = Account(), bob = Account(), mallory = Account()
        let a = try alice.device("alice-1"), b = try bob.device("bob-1"), m = try mallory.device("mallory-1")
        var message = try await a.wrapPublic(Array(text: "public"))
        var forged = message.bundles[0]
        forged.signedPreKeys["evil-device"] = forged.signedPreKeys["alice-1"]
        message.bundles = [forged]
        await #expect(throws: EncryptionProtocolError.bundleRejected(.signatureMismatch)) {
            try await b.decrypt(message, from: alice.identity)
        }
        message.bundles = [try await m.bundle()]
        await #expect(throws: EncryptionProtocolError.bundleRejected(.identityIsNotSender)) {
            try await b.decrypt(message, from: alice.identity)
        }
        await #expect(throws: EncryptionProtocolError.bundleRejected(.identityIsNotSender)) {
            try await b.receiveBundle(try await m.bundle(), from: alice.identity)
        }
        #expect(try await b.installations(of: alice.identity).isEmpty)
        #expect(try await b.installations(of: mallory.identity).isEmpty)
        // With no stored bundle Bob still falls back to "none".
        #expect(try await b.encrypt(Array(text: "x"), to: alice.identity).usedFallback)
    }

    @Test("public messages carry our bundle and the cleartext payload")
    func publicMessage() async throws {
        let alice = Account(), bob = Account()
        let a = try alice.device("alice-1"), b = try bob.device("bob-1")
        let message = try await a.wrapPublic(Array(text: "#status"))
        #expect(message.directMessage.isEmpty && message.publicMessage == Data("#status".utf8))
        let read = try await b.decrypt(serialized: Array(try message.serializedData()), from: alice.identity)
        #expect(read.kind == .publicMessage && read.payload == Array(text: "#status") && read.sharedSecret == nil)
        #expect(try await b.installations(of: alice.identity).map(\.id) == ["alice-1"])
        await #expect(throws: EncryptionProtocolError.noPayload) {
            var empty = message
            empty.publicMessage = Data()
            return try await b.decrypt(empty, from: alice.identity)
        }
    }

    @Test("device-not-found, own echo and unpaired own device are typed outcomes")
    func addressing() async throws {
        let alice = Account(), bob = Account()
        let a1 = try alice.device("alice-1"), a2 = try alice.device("alice-2"), b = try bob.device("bob-1")
        try await a1.receiveBundle(try await b.bundle())
        let toBob = try await a1.encrypt(Array(text: "for bob"), to: bob.identity).message
        let stranger = try Account().device("stranger-1")
        await #expect(throws: EncryptionProtocolError.deviceNotFound) { try await stranger.decrypt(toBob, from: alice.identity) }
        await #expect(throws: EncryptionProtocolError.ownMessage) { try await a1.decrypt(toBob, from: alice.identity) }
        await #expect(throws: EncryptionProtocolError.notPairedDevice(installationID: "alice-1")) {
            try await a2.decrypt(toBob, from: alice.identity)
        }
        #expect(throws: EncryptionProtocolError.invalidInstallationID("none")) { try alice.device("none") }
        #expect(throws: EncryptionProtocolError.invalidInstallationID("")) { try alice.device("") }
    }

    @Test("a DR message for an unknown session without X3DH header is sessionNotFound")
    func unknownSession() async throws {
        let alice = Account(), bob = Account()
        let a = try alice.device("alice-1"), b = try bob.device("bob-1")
        try await a.receiveBundle(try await b.bundle())
        var message = try await a.encrypt(Array(text: "x"), to: bob.identity).message
        message.directMessage["bob-1"]?.clearX3DhHeader()
        await #expect(throws: EncryptionProtocolError.sessionNotFound) { try await b.decrypt(message, from: alice.identity) }
        // The X3DH header must name a pre-key Bob holds.
        var foreign = try await a.encrypt(Array(text: "y"), to: bob.identity).message
        let otherKey = Data(PrivateKey.generate().publicKey.compressed)
        foreign.directMessage["bob-1"]?.x3DhHeader.id = otherKey
        foreign.directMessage["bob-1"]?.drHeader.id = otherKey
        await #expect(throws: EncryptionProtocolError.x3dh(.unknownSignedPreKey)) { try await b.decrypt(foreign, from: alice.identity) }
        // Original messages are still fine afterwards.
        let good = try await a.encrypt(Array(text: "z"), to: bob.identity).message
        #expect(try await b.decrypt(good, from: alice.identity).payload == Array(text: "z"))
    }
}
