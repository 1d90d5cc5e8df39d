import Foundation
import Primitives
import Testing
@testable import SecureChannel

/// Two devices talking both ways through a lossy, reordering network with a seeded RNG.
@Suite("Randomised out-of-order delivery with 20 % loss")
struct RandomizedDeliveryTests {
    struct InFlight {
        let message: Encryption_ProtocolMessage
        let payload: [UInt8]
    }

    /// Runs `count` sends; every delivered message must decrypt exactly once (duplicates are refused).
    static func run(count: Int, seed: UInt64, aliceStore: sending any SecureChannelStore,
                    bobStore: sending any SecureChannelStore) async throws {
        var rng = SeededGenerator(seed: seed)
        let clock = TestClock()
        let alice = Account(), bob = Account()
        let a = try EncryptionProtocol(identityKey: alice.key, installationID: "alice-1", store: aliceStore, clock: clock.function)
        let b = try EncryptionProtocol(identityKey: bob.key, installationID: "bob-1", store: bobStore, clock: clock.function)
        // Both know each other's bundle, so both start X3DH sessions at once.
        try await a.receiveBundle(try await b.bundle())
        try await b.receiveBundle(try await a.bundle())

        var toBob: [InFlight] = [], toAlice: [InFlight] = []
        var delivered = 0, decrypted: Set<[UInt8]> = [], lost = 0, replays = 0
        var deliveredToBob: [InFlight] = []

        func deliver(_ queue: inout [InFlight], to device: EncryptionProtocol, from sender: PublicKey,
                     all: Bool, log: inout [InFlight]) async throws {
            var budget = all ? queue.count : Int.random(in: 0...3, using: &rng)
            while budget > 0, !queue.isEmpty {
                budget -= 1
                let index = Int.random(in: 0..<min(queue.count, 40), using: &rng)   // out of order within a window
                let item = queue.remove(at: index)
                let read = try await device.decrypt(item.message, from: sender)
                #expect(read.payload == item.payload)
                #expect(read.kind == .ratchet)
                let fresh = decrypted.insert(read.payload).inserted
                #expect(fresh, "decrypted twice: \(String(decoding: read.payload, as: UTF8.self))")
                delivered += 1
                log.append(item)
            }
        }

        var ignored: [InFlight] = []
        for i in 0..<count {
            clock.advance(nanoseconds: 1_000_000)
            let fromAlice = Bool.random(using: &rng)
            let payload = Array(text: "\(fromAlice ? "a" : "b")-\(i)")
            let sent = try await (fromAlice ? a : b).encrypt(payload, to: fromAlice ? bob.identity : alice.identity)
            #expect(!sent.usedFallback && sent.installationIDs.count == 1)
            if Int.random(in: 0..<100, using: &rng) < 20 {
                lost += 1
            } else if fromAlice {
                toBob.append(InFlight(message: sent.message, payload: payload))
            } else {
                toAlice.append(InFlight(message: sent.message, payload: payload))
            }
            try await deliver(&toBob, to: b, from: alice.identity, all: false, log: &deliveredToBob)
            try await deliver(&toAlice, to: a, from: bob.identity, all: false, log: &ignored)
            // Now and then the network duplicates an old message: it must be refused.
            if !deliveredToBob.isEmpty, Int.random(in: 0..<100, using: &rng) < 3 {
                let old = deliveredToBob[Int.random(in: 0..<deliveredToBob.count, using: &rng)]
                await #expect(throws: EncryptionProtocolError.self) { try await b.decrypt(old.message, from: alice.identity) }
                replays += 1
            }
        }
        try await deliver(&toBob, to: b, from: alice.identity, all: true, log: &deliveredToBob)
        try await deliver(&toAlice, to: a, from: bob.identity, all: true, log: &ignored)
        #expect(delivered + lost == count)
        #expect(decrypted.count == delivered)
        #expect(lost > count / 10 && lost < count * 3 / 10)
        #expect(replays > 0 || count < 100)
        // After the storm, both directions still work in order.
        let last = try await a.encrypt(Array(text: "final"), to: bob.identity)
        #expect(try await b.decrypt(last.message, from: alice.identity).payload == Array(text: "final"))
        let lastReply = try await b.encrypt(Array(text: "final reply"), to: alice.identity)
        #expect(try await a.decrypt(lastReply.message, from: bob.identity).payload == Array(text: "final reply"))
    }

    @Test("1 000 messages, in-memory stores", arguments: [UInt64(0xC0FFEE), 0xBADC0DE])
    func thousandMessages(seed: UInt64) async throws {
        try await Self.run(count: 1_000, seed: seed, aliceStore: InMemorySecureChannelStore(), bobStore: InMemorySecureChannelStore())
    }

    @Test("300 messages, encrypted SQLite stores")
    func sqlite() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let key = Array(repeating: UInt8(9), count: 32)
        try await Self.run(count: 300, seed: 0x5EED,
                           aliceStore: try SQLiteSecureChannelStore(path: directory.path("a.sqlite"), databaseKey: key),
                           bobStore: try SQLiteSecureChannelStore(path: directory.path("b.sqlite"), databaseKey: key))
    }
}
