import Foundation
import Primitives
import Testing
@testable import SecureChannel

@Suite("Multi-device: fan-out, limits and pairing (wire-facts §3.5, §3.6)")
struct MultiDeviceTests {
    @Test("3-installation fan-out: one entry per Bob device, each decrypts only its own")
    func fanOut() async throws {
        let alice = Account(), bob = Account()
        let a = try alice.device("alice-1")
        let clock = TestClock()
        var devices: [EncryptionProtocol] = []
        for i in 1...3 {
            clock.advance(nanoseconds: 1_000)
            let device = try bob.device("bob-\(i)", clock: clock)
            try await a.receiveBundle(try await device.bundle(), from: bob.identity)
            devices.append(device)
        }
        let sent = try await a.encrypt(Array(text: "to all of bob"), to: bob.identity)
        #expect(sent.installationIDs == ["bob-1", "bob-2", "bob-3"])
        #expect(sent.message.directMessage.keys.sorted() == ["bob-1", "bob-2", "bob-3"])
        #expect(Set(sent.message.directMessage.values.map(\.x3DhHeader.id)).count == 3)
        for device in devices {
            #expect(try await device.decrypt(sent.message, from: alice.identity).payload == Array(text: "to all of bob"))
        }
        // Each device answers on its own session.
        for device in devices {
            let reply = try await device.encrypt(Array(text: "ack from \(device.installationID)"), to: alice.identity)
            #expect(try await a.decrypt(reply.message, from: bob.identity).payload == Array(text: "ack from \(device.installationID)"))
        }
    }

    @Test("at most 3 installations are addressed: the newest bundles win")
    func maxInstallations() async throws {
        let alice = Account(), bob = Account()
        let a = try alice.device("alice-1")
        let clock = TestClock()
        for i in 1...4 {
            clock.advance(nanoseconds: 1_000)
            try await a.receiveBundle(try await bob.device("bob-\(i)", clock: clock).bundle())
        }
        #expect(try await a.installations(of: bob.identity).map(\.id) == ["bob-4", "bob-3", "bob-2", "bob-1"])
        let sent = try await a.encrypt(Array(text: "x"), to: bob.identity)
        #expect(sent.installationIDs == ["bob-2", "bob-3", "bob-4"])
    }

    @Test("our own other devices: disabled until paired, then in our bundle and sent pairwise")
    func pairing() async throws {
        let alice = Account(), bob = Account()
        let clock = TestClock()
        let a1 = try alice.device("alice-1", clock: clock), a2 = try alice.device("alice-2", clock: clock)
        let b = try bob.device("bob-1", clock: clock)
        try await a1.receiveBundle(try await b.bundle())

        // alice-2 announces itself (a public message carries its bundle); alice-1 learns it disabled.
        let announce = try await a2.wrapPublic(Array(text: "hello me"))
        let learnt = try await a1.decrypt(announce, from: alice.identity)
        #expect(learnt.newInstallations.map(\.id) == ["alice-2"] && learnt.newInstallations[0].enabled == false)
        #expect(try await a1.encrypt(Array(text: "before pairing"), to: bob.identity).ownDevicesMessage == nil)
        #expect(try await a1.bundle().signedPreKeys.keys.sorted() == ["alice-1"])

        try await a1.enableInstallation("alice-2")
        let bundle = try await a1.bundle()
        #expect(bundle.signedPreKeys.keys.sorted() == ["alice-1", "alice-2"])
        #expect(try bundle.verifiedIdentity() == alice.identity)
        let sent = try await a1.encrypt(Array(text: "synced"), to: bob.identity)
        let own = try #require(sent.ownDevicesMessage)
        #expect(own.directMessage.keys.sorted() == ["alice-2"])
        #expect(sent.message.directMessage.keys.sorted() == ["bob-1"])
        #expect(try await a2.decrypt(own, from: alice.identity).payload == Array(text: "synced"))
        #expect(try await b.decrypt(sent.message, from: alice.identity).payload == Array(text: "synced"))
        // Bob learnt both of Alice's devices from her bundle.
        #expect(Set(try await b.installations(of: alice.identity).map(\.id)) == ["alice-1", "alice-2"])
        let reply = try await b.encrypt(Array(text: "both"), to: alice.identity)
        #expect(reply.installationIDs == ["alice-1", "alice-2"])
        #expect(try await a1.decrypt(reply.message, from: bob.identity).payload == Array(text: "both"))
        #expect(try await a2.decrypt(reply.message, from: bob.identity).payload == Array(text: "both"))

        try await a1.disableInstallation("alice-2")
        #expect(try await a1.encrypt(Array(text: "after"), to: bob.identity).ownDevicesMessage == nil)
        await #expect(throws: EncryptionProtocolError.unknownInstallation("alice-9")) { try await a1.enableInstallation("alice-9") }
        #expect(try await a1.ourInstallations().map(\.id) == ["alice-1", "alice-2"])
    }
}
