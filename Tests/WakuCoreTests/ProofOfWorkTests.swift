import Primitives
import Testing
@testable import WakuCore

@Suite("Proof of work")
struct ProofOfWorkTests {
    @Test("status-go vectors: 0.07692307692307693 (nonce 100000) and 19.692307692307693 (nonce 276) — waku/common/envelope_test.go")
    func statusGoVectors() {
        let noZeros = Envelope(expiry: 0, ttl: 1, topic: .zero, data: [0xde, 0xad, 0xbe, 0xef], nonce: 100_000)
        #expect(noZeros.proofOfWork() == 0.07692307692307693)
        #expect(noZeros.proofOfWorkZeroBits == 0)
        let eightZeros = noZeros.with(nonce: 276)
        #expect(eightZeros.proofOfWork() == 19.692307692307693)
        #expect(eightZeros.proofOfWorkZeroBits == 8)
    }

    @Test("reference envelope: divisor is len(rlp without nonce) = 317, not the size 320 (errata #13)")
    func divisorIsPreimageLength() {
        let envelope = Envelope(expiry: 1_600_000_000, ttl: 15, topic: Topic(0xf894_6aac), data: EnvelopeTests.referenceData,
                                nonce: 0x01_0203_0405)
        #expect(envelope.proofOfWorkZeroBits == 0)
        #expect(envelope.proofOfWork() == 1.0 / 317.0 / 15.0)
        #expect(envelope.proofOfWork() == 0.0002103049421661409)   // value from the pure-Python reference
        // First nonce with ≥ 12 zero bits, from the reference: 869 → 2^12 / 317 / 15.
        let sealed = envelope.with(nonce: 869)
        #expect(sealed.proofOfWorkZeroBits == 12)
        #expect(sealed.proofOfWork() == 0.8614090431125131)
        #expect(sealed.hash.description == "0x5bf19ac277f4eefdd7cee85fd0cc48a30080f80786fe69ffc0774981ca5ff36e")
        for nonce in UInt64(0)..<869 { #expect(envelope.with(nonce: nonce).proofOfWorkZeroBits < 12) }
    }

    @Test("the prefix-absorbing hasher equals keccak256(rwn ‖ BE64(nonce)) computed directly")
    func hasherMatchesDirectHash() {
        for length in [0, 1, 100, 119, 120, 127, 128, 135, 136, 300, 1000] {
            let data = SecureRandom.bytes(length)
            let hasher = ProofOfWorkHasher(expiry: 1_600_000_000, ttl: 15, topic: Topic(7), data: data)
            let rwn = RLP.encode(.list([.uint(1_600_000_000), .uint(15), .bytes(Topic(7).bytes), .bytes(data)]))
            #expect(hasher.preimageLength == rwn.count)
            for nonce: UInt64 in [0, 1, 0xdead_beef, .max] {
                var preimage = rwn
                for shift in stride(from: 56, through: 0, by: -8) { preimage.append(UInt8(truncatingIfNeeded: nonce >> UInt64(shift))) }
                #expect(hasher.zeroBits(nonce: nonce) == ProofOfWork.leadingZeroBits(Keccak256.hash(preimage)))
            }
        }
    }

    @Test("target bits = max(1, ceil(log2(target · size · ttl)))")
    func targetBits() {
        #expect(ProofOfWork.targetBits(target: 0.002, size: 532, ttl: 15) == 4)    // 15.96 → 4
        #expect(ProofOfWork.targetBits(target: 0.2, size: 532, ttl: 15) == 11)     // 1596 → 10.64 → 11
        #expect(ProofOfWork.targetBits(target: 0.000002, size: 100, ttl: 1) == 1)  // below 1 → 1
        #expect(ProofOfWork.targetBits(target: 1, size: 256, ttl: 16) == 12)       // exactly 2^12
        #expect(ProofOfWork.leadingZeroBits([0, 0, 0x10] + [UInt8](repeating: 0xff, count: 29)) == 19)
        #expect(ProofOfWork.leadingZeroBits([UInt8](repeating: 0, count: 32)) == 256)
    }

    @Test("seal reaches a small target and the result verifies")
    func sealAndVerify() throws {
        let unsealed = Envelope(ttl: 15, topic: Topic(hashing: "status"), data: SecureRandom.bytes(512), now: 1_600_000_000)
        #expect(unsealed.expiry == 1_600_000_015 && unsealed.nonce == 0)
        for target in [0.002, 0.2, 1.0] {
            let sealed = try unsealed.sealed(target: target, timeBudget: .seconds(5))
            let required = ProofOfWork.targetBits(target: target, size: sealed.size, ttl: sealed.ttl)
            #expect(sealed.proofOfWorkZeroBits >= required)
            // size (532) > len(rwn) (529 here), so reaching the size-based bits implies reaching the target.
            #expect(sealed.proofOfWork() >= target)
            #expect(sealed.expiry == unsealed.expiry && sealed.data == unsealed.data && sealed.topic == unsealed.topic)
            // The first nonce reaching the target: every smaller nonce falls short.
            for nonce in UInt64(0)..<Swift.min(sealed.nonce, 5000) {
                #expect(unsealed.with(nonce: nonce).proofOfWorkZeroBits < required)
            }
        }
        #expect(try unsealed.sealed(target: 0, timeBudget: .zero).nonce == 0)
    }

    @Test("seal errors: unreachable target in a tiny budget, invalid targets, TTL 0, cancellation")
    func sealErrors() async throws {
        let envelope = Envelope(ttl: 15, topic: .zero, data: [1, 2, 3], now: 1000)
        do {
            _ = try envelope.sealed(target: 1e70, timeBudget: .milliseconds(20))
            Issue.record("an impossible target was reached")
        } catch {
            guard case .targetNotReached(let required, let best, let attempts) = error else { Issue.record("\(error)"); return }
            #expect(required == ProofOfWork.targetBits(target: 1e70, size: envelope.size, ttl: 15))
            #expect(required > 200 && best < required && attempts >= 1024)
        }
        #expect(throws: SealError.invalidTarget(-1)) { try envelope.sealed(target: -1, timeBudget: .seconds(1)) }
        #expect(throws: SealError.self) { try envelope.sealed(target: .nan, timeBudget: .seconds(1)) }
        #expect(throws: SealError.invalidTarget(.infinity)) { try envelope.sealed(target: .infinity, timeBudget: .seconds(1)) }
        let zeroTTL = Envelope(expiry: 1000, ttl: 0, topic: .zero, data: [])
        #expect(throws: SealError.zeroTTL) { try zeroTTL.sealed(target: 0.002, timeBudget: .seconds(1)) }
        let task = Task { () throws(SealError) -> Envelope in
            try envelope.sealed(target: 1e70, timeBudget: .seconds(60))
        }
        task.cancel()
        do {
            _ = try await task.value
            Issue.record("cancelled seal returned")
        } catch {
            #expect(error as? SealError == .cancelled)
        }
    }
}
