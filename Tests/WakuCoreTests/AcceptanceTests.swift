import Primitives
import Testing
@testable import WakuCore

@Suite("Envelope acceptance")
struct AcceptanceTests {
    static let now: UInt32 = 1_600_000_000
    /// A sealed envelope (PoW ≥ 0.002) sent at `sent`.
    func envelope(sent: UInt32, ttl: UInt32 = 15, dataSize: Int = 300) throws -> Envelope {
        try Envelope(ttl: ttl, topic: Topic(hashing: "status"), data: SecureRandom.bytes(dataSize), now: sent)
            .sealed(target: 0.002, timeBudget: .seconds(5))
    }

    @Test("a fresh, sealed envelope is accepted")
    func accepted() throws {
        #expect(EnvelopeAcceptance().check(try envelope(sent: Self.now), now: Self.now) == nil)
        #expect(EnvelopeAcceptance().check(try envelope(sent: Self.now - 14), now: Self.now) == nil)
    }

    @Test("sent more than 10 s ahead → fromFuture (time-sync, code 21); up to 10 s ahead is accepted")
    func future() throws {
        let policy = EnvelopeAcceptance(minimumPoW: 0)
        let rejection = policy.check(try envelope(sent: Self.now + 11), now: Self.now)
        #expect(rejection == .fromFuture(sent: Self.now + 11, now: Self.now))
        #expect(rejection?.isTimeSyncError == true && rejection?.messageResponseCode == 21 && rejection?.isPeerFault == true)
        #expect(policy.check(try envelope(sent: Self.now + 10), now: Self.now) == nil)
    }

    @Test("slightly-future envelopes have their PoW recomputed with divisor ttl + (sent − now + 1)")
    func futurePoW() throws {
        let sealed = try envelope(sent: Self.now + 5)
        let adjusted = sealed.proofOfWork(timeDifference: 6)
        #expect(adjusted < sealed.proofOfWork())
        // A minimum between the two PoW values: accepted when sent now, rejected when sent 5 s ahead.
        let minimum = (adjusted + sealed.proofOfWork()) / 2
        let policy = EnvelopeAcceptance(minimumPoW: minimum)
        #expect(policy.check(sealed, now: Self.now) == .insufficientPoW(pow: adjusted, required: minimum))
        #expect(policy.check(sealed, now: Self.now + 5) == nil)
    }

    @Test("expired: silent drop within 20 s (not a peer fault), very old beyond (time-sync error)")
    func expired() throws {
        let sealed = try envelope(sent: Self.now - 30)   // expiry = now − 15
        let policy = EnvelopeAcceptance()
        let recent = policy.check(sealed, now: Self.now)
        #expect(recent == .expired(expiry: Self.now - 15, now: Self.now))
        #expect(recent?.isPeerFault == false && recent?.isTimeSyncError == false)
        #expect(policy.check(sealed, now: Self.now + 5) == .expired(expiry: Self.now - 15, now: Self.now + 5))
        let old = policy.check(sealed, now: Self.now + 6)   // expiry + 20 < now
        #expect(old == .veryOld(expiry: Self.now - 15, now: Self.now + 6))
        #expect(old?.messageResponseCode == 21)
        #expect(policy.check(sealed, now: Self.now - 15) == nil)   // expiry == now is still alive
    }

    @Test("oversize: size = 20 + len(data) above the limit (default 1 MiB, clamped to 10 MiB)")
    func oversize() throws {
        let big = Envelope(ttl: 15, topic: .zero, data: [UInt8](repeating: 1, count: 1000), now: Self.now)
        #expect(EnvelopeAcceptance(minimumPoW: 0, maxMessageSize: 1019).check(big, now: Self.now) == .oversize(size: 1020, limit: 1019))
        #expect(EnvelopeAcceptance(minimumPoW: 0, maxMessageSize: 1020).check(big, now: Self.now) == nil)
        #expect(EnvelopeAcceptance(maxMessageSize: 1 << 30).maxMessageSize == 10 << 20)
        #expect(EnvelopeAcceptance(minimumPoW: 0, maxMessageSize: 1019).check(big, now: Self.now)?.messageResponseCode == 22)
    }

    @Test("PoW below the minimum → insufficientPoW (code 22); node default 0.000002 passes an unsealed small envelope")
    func lowPoW() throws {
        let unsealed = Envelope(ttl: 15, topic: .zero, data: [UInt8](repeating: 7, count: 100), now: Self.now)
        let pow = unsealed.proofOfWork()
        let policy = EnvelopeAcceptance(minimumPoW: 0.2)
        if unsealed.proofOfWorkZeroBits < 10 {
            #expect(policy.check(unsealed, now: Self.now) == .insufficientPoW(pow: pow, required: 0.2))
        }
        #expect(EnvelopeAcceptance().check(unsealed, now: Self.now) == nil)
        #expect(EnvelopeRejection.insufficientPoW(pow: 0.1, required: 0.2).messageResponseCode == 22)
    }

    @Test("TTL 0 is rejected (status-go would compute an infinite PoW)")
    func zeroTTL() {
        let envelope = Envelope(expiry: Self.now, ttl: 0, topic: .zero, data: [1])
        #expect(envelope.proofOfWork() == .infinity)
        #expect(EnvelopeAcceptance().check(envelope, now: Self.now) == .zeroTTL)
    }

    @Test("every rejection explains itself")
    func descriptions() {
        let all: [EnvelopeRejection] = [.fromFuture(sent: 20, now: 1), .veryOld(expiry: 1, now: 30), .expired(expiry: 1, now: 5),
                                        .oversize(size: 2, limit: 1), .zeroTTL, .insufficientPoW(pow: 0, required: 1)]
        for rejection in all { #expect(!rejection.description.isEmpty) }
    }
}
