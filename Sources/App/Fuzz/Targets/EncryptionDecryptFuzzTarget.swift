import Primitives
import SecureChannel

extension FuzzTarget {
    /// `EncryptionProtocol.decrypt` (Sources/Plugins/SecureChannel): a serialized ProtocolMessage from A
    /// read by B (bundle verification and storage, public payload, DH fallback, X3DH and Double Ratchet
    /// headers), with a fresh in-memory store per input so every input replays alike.
    public static let encryptionDecrypt = FuzzTarget(
        name: "encryption-decrypt",
        summary: "EncryptionProtocol(identity B, in-memory store).decrypt(serialized:from: A)",
        run: { input in
            BlockingTask.run {
                guard let bob = SecureChannelFixtures.makeProtocol(FuzzFixtures.keyB, installation: SecureChannelFixtures.localInstallation) else { return }
                _ = try? await bob.decrypt(serialized: input, from: FuzzFixtures.keyA.publicKey)
            }
        },
        seeds: { SecureChannelFixtures.messagesFromA() })
}
