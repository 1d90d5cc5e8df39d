import Foundation
import Primitives
import Testing
@testable import SecureChannel

@Suite("Bundle refresh after 24 h (wire-facts §3.2)")
struct BundleRotationTests {
    @Test("after 24 h: new signed pre-key with version + 1; peers expire the old one and start a new X3DH")
    func rotation() async throws {
        let alice = Account(), bob = Account()
        let clock = TestClock()
        let a = try alice.device("alice-1", clock: clock), b = try bob.device("bob-1", clock: clock)
        let v1 = try await b.bundle()
        try await a.receiveBundle(v1)
        let early = try await a.encrypt(Array(text: "v1 session"), to: bob.identity).message
        let late = try await a.encrypt(Array(text: "delayed on v1"), to: bob.identity).message
        _ = try await b.decrypt(early, from: alice.identity)

        clock.advance(nanoseconds: SecureChannelConstants.bundleRefreshIntervalNanoseconds - 1)
        #expect(try await b.bundle().signedPreKeys == v1.signedPreKeys)     // not yet
        clock.advance(nanoseconds: 2)
        let v2 = try await b.bundle()
        #expect(v2.signedPreKeys["bob-1"]?.version == 2)
        #expect(v2.signedPreKeys["bob-1"]?.signedPreKey != v1.signedPreKeys["bob-1"]?.signedPreKey)
        #expect(try await b.bundle().signedPreKeys == v2.signedPreKeys)     // stable again

        // Alice still uses the v1 session until she sees v2…
        let before = try await a.encrypt(Array(text: "still v1"), to: bob.identity).message
        #expect(before.directMessage["bob-1"]?.drHeader.id == v1.signedPreKeys["bob-1"]?.signedPreKey)
        try await a.receiveBundle(v2)
        // …then a fresh X3DH on the new pre-key.
        let after = try await a.encrypt(Array(text: "on v2"), to: bob.identity).message
        let entry = try #require(after.directMessage["bob-1"])
        #expect(entry.hasX3DhHeader && entry.x3DhHeader.id == v2.signedPreKeys["bob-1"]?.signedPreKey)
        #expect(entry.drHeader.n == 0)
        #expect(try await b.decrypt(after, from: alice.identity).payload == Array(text: "on v2"))
        // Bob kept the old private pre-key: late v1 messages still decrypt.
        #expect(try await b.decrypt(before, from: alice.identity).payload == Array(text: "still v1"))
        #expect(try await b.decrypt(late, from: alice.identity).payload == Array(text: "delayed on v1"))
        // An old bundle arriving late does not resurrect the v1 pre-key.
        try await a.receiveBundle(v1)
        let again = try await a.encrypt(Array(text: "v2 again"), to: bob.identity).message
        #expect(again.directMessage["bob-1"]?.drHeader.id == v2.signedPreKeys["bob-1"]?.signedPreKey)
    }
}
