import Primitives
import Testing
@testable import SecureChannel

@Suite("Benchmark workloads")
struct WorkloadTests {
    @Test("ratchet round trip and X3DH session setup return the payload; states never print key material")
    func workloads() throws {
        var roundTrip = try SecureChannelWorkloads.RatchetRoundTrip()
        for i in 0..<10 { #expect(try roundTrip.run(Array(text: "p\(i)")) == Array(text: "p\(i)")) }
        #expect(try SecureChannelWorkloads.X3DHSessionSetup().run(Array(text: "first")) == Array(text: "first"))

        let spk = PrivateKey.generate()
        let sk = SecureRandom.bytes(32)
        let state = try RatchetState.initiator(sharedKey: sk, remoteSignedPreKey: spk.publicKey)
        let text = state.description
        for secret in [sk, state.rootKey, state.sending.key, state.localRatchetKey.rawBytes] {
            #expect(!text.contains(Hex.encode(secret)))
        }
        #expect(text.contains(Hex.encode(spk.publicKey.compressed)))
    }
}
