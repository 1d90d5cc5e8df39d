import Foundation
import Primitives
import Testing
@testable import SecureChannel

@Suite("Double Ratchet (wire-facts §3.4, errata #4, #5)")
struct DoubleRatchetTests {
    /// A fresh initiator/responder pair on a random SK, like X3DH leaves them.
    static func pair(limits: RatchetLimits = .statusGo) throws -> (alice: RatchetSession, bob: RatchetSession) {
        let spk = PrivateKey.generate()
        let sk = SecureRandom.bytes(32)
        return (RatchetSession(state: try .initiator(sharedKey: sk, remoteSignedPreKey: spk.publicKey), limits: limits),
                RatchetSession(state: try .responder(sharedKey: sk, signedPreKey: spk), limits: limits))
    }

    @Test("initial states: initiator RK/SendCh = KDF_RK(SK, DH(DHs, SPK_B)), RecvCh = SK; responder all SK, DHs = SPK_B")
    func initialStates() throws {
        let spk = PrivateKey.generate(), ratchet = PrivateKey.generate()
        let sk = SecureRandom.bytes(32)
        let initiator = try RatchetState.initiator(sharedKey: sk, remoteSignedPreKey: spk.publicKey, ratchetKey: ratchet)
        let expected = RatchetKDF.rootStep(rootKey: sk, dhOutput: try ratchet.sharedSecretX(with: spk.publicKey))
        #expect(initiator.rootKey == expected.rootKey)
        #expect(initiator.sending == RatchetChain(key: expected.chainKey, count: 0))
        #expect(initiator.receiving == RatchetChain(key: sk, count: 0))
        #expect(initiator.remoteRatchetKey == spk.publicKey.compressed)
        let responder = try RatchetState.responder(sharedKey: sk, signedPreKey: spk)
        #expect(responder.rootKey == sk && responder.sending.key == sk && responder.receiving.key == sk)
        #expect(responder.localRatchetKey == spk && responder.remoteRatchetKey == nil)
        #expect(throws: RatchetError.invalidSharedKey) { try RatchetState.responder(sharedKey: [UInt8](repeating: 0, count: 32), signedPreKey: spk) }
        #expect(throws: RatchetError.invalidSharedKey) { try RatchetState.responder(sharedKey: [1, 2, 3], signedPreKey: spk) }
    }

    @Test("header is LE32(N) ‖ LE32(PN) ‖ pub33 and is the AD")
    func headerEncoding() throws {
        let key = PrivateKey.generate().publicKey.compressed
        let header = try RatchetHeader(ratchetKey: key, n: 0x0102_0304, pn: 5)
        #expect(header.encoded == [0x04, 0x03, 0x02, 0x01, 5, 0, 0, 0] + key)
        #expect(header.encoded.count == 41)
        // The message key of the first message on a chain seals with AD = header.encoded.
        var (alice, _) = try Self.pair()
        let chainKey = alice.state.sending.key
        let message = try alice.encrypt(Array(text: "ad check"))
        let mk = RatchetKDF.chainStep(chainKey).messageKey
        #expect(try RatchetCipher.open(messageKey: mk, sealed: message.ciphertext, associatedData: message.header.encoded)
                == Array(text: "ad check"))
        #expect(throws: RatchetError.authenticationFailed) {
            try RatchetCipher.open(messageKey: mk, sealed: message.ciphertext, associatedData: [])
        }
    }

    @Test("round trips both directions with DH ratchet steps; PN carries the previous chain length")
    func roundTrips() throws {
        var (alice, bob) = try Self.pair()
        for round in 0..<5 {
            let fromAlice = (0..<(round + 1)).map { Array(text: "a\(round).\($0)") }
            let sealedA = try fromAlice.map { try alice.encrypt($0) }
            #expect(Set(sealedA.map(\.header.ratchetKey)).count == 1)
            for (plain, sealed) in zip(fromAlice, sealedA) { #expect(try bob.decrypt(sealed) == plain) }
            let fromBob = (0..<(round + 2)).map { Array(text: "b\(round).\($0)") }
            let sealedB = try fromBob.map { try bob.encrypt($0) }
            #expect(sealedB.first?.header.n == 0)
            for (plain, sealed) in zip(fromBob, sealedB) { #expect(try alice.decrypt(sealed) == plain) }
            // Alice's next chain is new and says how long her previous one was.
            let next = try alice.encrypt(Array(text: "probe"))
            // round 0: one message on the first chain; later: last round's probe plus round + 1 messages.
            #expect(next.header.pn == UInt32(round == 0 ? 1 : round + 2))
            #expect(next.header.n == 0)
            #expect(next.header.ratchetKey != sealedA[0].header.ratchetKey)
            #expect(try bob.decrypt(next) == Array(text: "probe"))
        }
        #expect(alice.skippedKeys.isEmpty && bob.skippedKeys.isEmpty)
    }

    @Test("out-of-order within and across chains decrypts from skipped keys; used keys are deleted")
    func outOfOrder() throws {
        var (alice, bob) = try Self.pair()
        let m = try (0..<4).map { try alice.encrypt(Array(text: "m\($0)")) }
        #expect(try bob.decrypt(m[2]) == Array(text: "m2"))
        #expect(bob.skippedKeys.count == 2)
        _ = try alice.decrypt(try bob.encrypt(Array(text: "reply")))
        let n0 = try alice.encrypt(Array(text: "n0"))          // new chain, PN = 4
        #expect(n0.header.pn == 4)
        #expect(try bob.decrypt(n0) == Array(text: "n0"))     // skips m3 on the old chain
        #expect(bob.skippedKeys.count == 3)
        #expect(try bob.decrypt(m[0]) == Array(text: "m0"))
        #expect(try bob.decrypt(m[3]) == Array(text: "m3"))
        #expect(try bob.decrypt(m[1]) == Array(text: "m1"))
        #expect(bob.skippedKeys.isEmpty)
    }

    @Test("replays are rejected with a typed error and leave the session unchanged")
    func replay() throws {
        var (alice, bob) = try Self.pair()
        let m0 = try alice.encrypt(Array(text: "zero")), m1 = try alice.encrypt(Array(text: "one"))
        _ = try bob.decrypt(m1)
        _ = try bob.decrypt(m0)                                // from the skipped key
        let before = bob.state
        #expect(throws: RatchetError.messageKeyUnavailable(n: 1)) { try bob.decrypt(m1) }
        #expect(throws: RatchetError.messageKeyUnavailable(n: 0)) { try bob.decrypt(m0) }
        #expect(bob.state == before)
        #expect(try bob.decrypt(try alice.encrypt(Array(text: "two"))) == Array(text: "two"))
    }

    @Test("tampered MAC, ciphertext or header are rejected without changing the session")
    func tampering() throws {
        var (alice, bob) = try Self.pair()
        _ = try bob.decrypt(try alice.encrypt(Array(text: "warm up")))
        let message = try alice.encrypt(Array(text: "secret"))
        let before = bob.state
        var mac = message.ciphertext
        mac[mac.count - 1] ^= 0x01
        #expect(throws: RatchetError.authenticationFailed) { try bob.decrypt(RatchetMessage(header: message.header, ciphertext: mac)) }
        var body = message.ciphertext
        body[17] ^= 0x80
        #expect(throws: RatchetError.authenticationFailed) { try bob.decrypt(RatchetMessage(header: message.header, ciphertext: body)) }
        let wrongN = try RatchetHeader(ratchetKey: message.header.ratchetKey, n: message.header.n + 1, pn: message.header.pn)
        #expect(throws: RatchetError.authenticationFailed) { try bob.decrypt(RatchetMessage(header: wrongN, ciphertext: message.ciphertext)) }
        let wrongPN = try RatchetHeader(ratchetKey: message.header.ratchetKey, n: message.header.n, pn: 7)
        #expect(throws: RatchetError.authenticationFailed) { try bob.decrypt(RatchetMessage(header: wrongPN, ciphertext: message.ciphertext)) }
        let foreignKey = try RatchetHeader(ratchetKey: PrivateKey.generate().publicKey.compressed, n: 0, pn: 1)
        #expect(throws: RatchetError.authenticationFailed) { try bob.decrypt(RatchetMessage(header: foreignKey, ciphertext: message.ciphertext)) }
        // A foreign chain claiming a PN behind our receiving chain is refused before any DH.
        let stale = try RatchetHeader(ratchetKey: PrivateKey.generate().publicKey.compressed, n: 0, pn: 0)
        #expect(throws: RatchetError.messageKeyUnavailable(n: 0)) { try bob.decrypt(RatchetMessage(header: stale, ciphertext: message.ciphertext)) }
        #expect(throws: RatchetError.ciphertextTooShort(47)) {
            try bob.decrypt(RatchetMessage(header: message.header, ciphertext: Array(message.ciphertext.prefix(47))))
        }
        #expect(bob.state == before)
        #expect(bob.skippedKeys.isEmpty)
        #expect(try bob.decrypt(message) == Array(text: "secret"))
    }

    @Test("a gap above MaxSkip (1000) is refused; the session still decrypts later in-order messages")
    func skippedKeyExhaustion() throws {
        var (alice, bob) = try Self.pair()
        _ = try bob.decrypt(try alice.encrypt(Array(text: "first")))        // Nr = 1
        var sent: [RatchetMessage] = []
        for i in 0..<1002 { sent.append(try alice.encrypt(Array(text: "m\(i)"))) }   // N = 1 … 1002
        let before = bob.state
        #expect(throws: RatchetError.tooManySkippedMessages(gap: 1001, limit: 1000)) { try bob.decrypt(sent[1001]) }
        #expect(bob.state == before && bob.skippedKeys.isEmpty)
        // Exactly MaxSkip ahead is still accepted, and everything before it decrypts from skipped keys.
        #expect(try bob.decrypt(sent[1000]) == Array(text: "m1000"))
        #expect(bob.skippedKeys.count == 1000)
        #expect(try bob.decrypt(sent[1001]) == Array(text: "m1001"))
        #expect(try bob.decrypt(sent[0]) == Array(text: "m0"))
        #expect(try bob.decrypt(try alice.encrypt(Array(text: "later"))) == Array(text: "later"))
    }

    @Test("at most maxMessageKeysPerSession skipped keys are kept (oldest dropped), and MaxKeep drops old ones")
    func keyLimits() throws {
        var (alice, bob) = try Self.pair(limits: RatchetLimits(maxSkip: 100, maxKeep: 1000, maxMessageKeysPerSession: 5))
        let sent = try (0..<9).map { try alice.encrypt(Array(text: "m\($0)")) }
        _ = try bob.decrypt(sent[8])                          // skips 0…7: only 3…7 are kept
        #expect(bob.skippedKeys.count == 5)
        #expect(throws: RatchetError.messageKeyUnavailable(n: 0)) { try bob.decrypt(sent[0]) }
        #expect(try bob.decrypt(sent[3]) == Array(text: "m3"))

        var (carol, dave) = try Self.pair(limits: RatchetLimits(maxSkip: 100, maxKeep: 4, maxMessageKeysPerSession: 100))
        let burst = try (0..<6).map { try carol.encrypt(Array(text: "c\($0)")) }
        _ = try dave.decrypt(burst[3])                        // keys 0,1,2 skipped (seq 0…2), keysCount = 4 → drop seq ≤ 0
        #expect(Set(dave.skippedKeys.keys.map(\.n)) == [1, 2])
        _ = try dave.decrypt(burst[5])                        // skips 4 (seq 4), keysCount = 6 → drop seq ≤ 2
        #expect(Set(dave.skippedKeys.keys.map(\.n)) == [4])
        #expect(try dave.decrypt(burst[4]) == Array(text: "c4"))
    }

    @Test("malformed ratchet keys are typed errors")
    func malformedHeader() {
        #expect(throws: RatchetError.invalidRatchetKey(length: 32)) { try RatchetHeader(ratchetKey: [UInt8](repeating: 2, count: 32), n: 0, pn: 0) }
        #expect(throws: RatchetError.invalidRatchetKey(length: 33)) { try RatchetHeader(ratchetKey: [0x04] + [UInt8](repeating: 1, count: 32), n: 0, pn: 0) }
        #expect(throws: RatchetError.invalidRatchetKey(length: 65)) { try RatchetHeader(ratchetKey: PrivateKey.generate().publicKey.uncompressed, n: 0, pn: 0) }
    }
}
