import Foundation
import Primitives
import Testing
@testable import SecureChannel

@Suite("Negotiated shared secret (wire-facts §3.7)")
struct SharedSecretTests {
    @Test("secret = ECDH_x of the identity keys, the same on both sides")
    func secretValue() async throws {
        let alice = Account(), bob = Account()
        let a = try alice.device("alice-1"), b = try bob.device("bob-1")
        let fromAlice = try await a.sharedSecret(with: bob.identity)
        #expect(fromAlice == (try alice.key.sharedSecretX(with: bob.identity)))
        #expect(fromAlice == (try await b.sharedSecret(with: alice.identity)))
        #expect(fromAlice.count == 32)
    }

    @Test("agreed only after every addressed installation (protocol ≥ 1) has written to us")
    func agreement() async throws {
        let alice = Account(), bob = Account()
        let clock = TestClock()
        let a = try alice.device("alice-1", clock: clock)
        let b1 = try bob.device("bob-1", clock: clock)
        clock.advance(nanoseconds: 10)
        let b2 = try bob.device("bob-2", clock: clock)
        try await a.receiveBundle(try await b1.bundle())
        try await a.receiveBundle(try await b2.bundle())

        let first = try await a.encrypt(Array(text: "hi"), to: bob.identity)
        #expect(first.installationIDs == ["bob-1", "bob-2"] && !first.isNegotiated)
        #expect(try await a.isNegotiated(with: bob.identity) == false)
        for device in [b1, b2] { _ = try await device.decrypt(first.message, from: alice.identity) }

        let fromB1 = try await a.decrypt(try await b1.encrypt(Array(text: "one"), to: alice.identity).message, from: bob.identity)
        #expect(fromB1.sharedSecret == (try alice.key.sharedSecretX(with: bob.identity)))
        #expect(try await a.isNegotiated(with: bob.identity) == false)
        #expect(try await a.encrypt(Array(text: "still"), to: bob.identity).isNegotiated == false)

        _ = try await a.decrypt(try await b2.encrypt(Array(text: "two"), to: alice.identity).message, from: bob.identity)
        #expect(try await a.isNegotiated(with: bob.identity))
        let agreed = try await a.encrypt(Array(text: "now"), to: bob.identity)
        #expect(agreed.isNegotiated && agreed.sharedSecret == fromB1.sharedSecret)
    }

    @Test("a sender advertising protocol_version 0 does not count (and gets no secret)")
    func legacyVersion() async throws {
        let alice = Account(), bob = Account()
        let a = try alice.device("alice-1"), b = try bob.device("bob-1")
        try await a.receiveBundle(try await b.bundle())
        _ = try await b.decrypt(try await a.encrypt(Array(text: "hi"), to: bob.identity).message, from: alice.identity)
        var reply = try await b.encrypt(Array(text: "legacy"), to: alice.identity).message
        // protocol_version is not signed, so this stays a valid bundle.
        reply.bundles[0].signedPreKeys["bob-1"]?.protocolVersion = 0
        let read = try await a.decrypt(reply, from: bob.identity)
        #expect(read.payload == Array(text: "legacy") && read.sharedSecret == nil)
        #expect(try await a.isNegotiated(with: bob.identity) == false)
    }

    @Test("nothing addressed (fallback only) is never agreed")
    func fallbackNeverAgreed() async throws {
        let a = try Account().device("alice-1")
        let sent = try await a.encrypt(Array(text: "x"), to: Account().identity)
        #expect(sent.usedFallback && !sent.isNegotiated)
    }
}
