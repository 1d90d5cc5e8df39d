import Primitives

/// Fixed workloads of the secure channel's hot paths, so the benchmark executable can time them through the
/// public API (the benches themselves live in the bench target).
public enum SecureChannelWorkloads {
    /// Two in-memory Double Ratchet sessions that already exchanged a message each way, so every round trip is
    /// a steady-state encrypt + decrypt (no DH ratchet step, no skipped keys).
    public struct RatchetRoundTrip: Sendable {
        private var sender: RatchetSession
        private var receiver: RatchetSession

        public init() throws {
            let bobSignedPreKey = PrivateKey.generate()
            let sharedKey = SecureRandom.bytes(32)
            var alice = RatchetSession(state: try RatchetState.initiator(sharedKey: sharedKey,
                                                                         remoteSignedPreKey: bobSignedPreKey.publicKey))
            var bob = RatchetSession(state: try RatchetState.responder(sharedKey: sharedKey, signedPreKey: bobSignedPreKey))
            _ = try bob.decrypt(try alice.encrypt(Array("hello".utf8)))
            _ = try alice.decrypt(try bob.encrypt(Array("hi".utf8)))
            _ = try bob.decrypt(try alice.encrypt(Array("settled".utf8)))
            sender = alice
            receiver = bob
        }

        /// Encrypts `payload` on one session and decrypts it on the other; returns the plaintext.
        @discardableResult
        public mutating func run(_ payload: [UInt8]) throws -> [UInt8] {
            try receiver.decrypt(try sender.encrypt(payload))
        }
    }

    /// One complete X3DH session setup between fixed identities: the initiator's X3DH and initial ratchet state,
    /// its first message, the responder's X3DH, its initial state and the decryption of that message.
    public struct X3DHSessionSetup: Sendable {
        private let alice = PrivateKey.generate()
        private let bob = PrivateKey.generate()
        private let bobSignedPreKey = PrivateKey.generate()

        public init() {}

        /// Runs the setup once; returns the decrypted first message.
        @discardableResult
        public func run(_ payload: [UInt8]) throws -> [UInt8] {
            let initiation = try X3DH.initiate(myIdentity: alice, theirIdentity: bob.publicKey,
                                               theirSignedPreKey: bobSignedPreKey.publicKey)
            var aliceState = try RatchetState.initiator(sharedKey: initiation.sharedKey,
                                                        remoteSignedPreKey: bobSignedPreKey.publicKey)
            let first = try aliceState.encrypt(payload)
            let ephemeral = try PublicKey(bytes: initiation.header.key)
            let sharedKey = try X3DH.responderSecret(mySignedPreKey: bobSignedPreKey, myIdentity: bob,
                                                     theirIdentity: alice.publicKey, theirEphemeral: ephemeral)
            let bobState = try RatchetState.responder(sharedKey: sharedKey, signedPreKey: bobSignedPreKey)
            return try bobState.decrypt(first, skippedKey: nil).plaintext
        }
    }
}
