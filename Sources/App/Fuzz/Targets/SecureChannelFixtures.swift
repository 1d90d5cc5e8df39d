import Foundation
import Primitives
import SecureChannel
import SwiftProtobuf

/// The secure-channel state the `encryption-decrypt` and `payloads` targets use: B is the local identity
/// with a fresh in-memory store per input; A is the sender whose messages seed the corpora.
enum SecureChannelFixtures {
    static let localInstallation = "fuzz-installation-b"
    static let clock: @Sendable () -> Int64 = { Int64(FuzzFixtures.now) * 1_000_000_000 }

    /// A fresh protocol for `key` over an empty in-memory store.
    static func makeProtocol(_ key: PrivateKey, installation: String) -> EncryptionProtocol? {
        try? EncryptionProtocol(identityKey: key, installationID: installation, store: InMemorySecureChannelStore(), clock: clock)
    }

    /// Serialized ProtocolMessages from A to B: public, "none" fallback, and a direct message after B's
    /// bundle is known (X3DH to a prekey B's fresh store will not have: exercises the refusal path).
    static func messagesFromA() -> [[UInt8]] {
        BlockingTask.run {
            guard let alice = makeProtocol(FuzzFixtures.keyA, installation: "fuzz-installation-a"),
                  let bob = makeProtocol(FuzzFixtures.keyB, installation: localInstallation) else { return [] }
            var out: [[UInt8]] = []
            let payload = Array("fuzz seed payload".utf8)
            if let message = try? await alice.wrapPublic(payload), let bytes = try? message.serializedBytes() as [UInt8] { out.append(bytes) }
            if let message = try? await alice.encryptWithFallback(payload, to: FuzzFixtures.keyB.publicKey),
               let bytes = try? message.serializedBytes() as [UInt8] { out.append(bytes) }
            if let bundle = try? await bob.bundle(), (try? await alice.receiveBundle(bundle, from: FuzzFixtures.keyB.publicKey)) != nil,
               let direct = try? await alice.encrypt(payload, to: FuzzFixtures.keyB.publicKey),
               let bytes = try? direct.message.serializedBytes() as [UInt8] {
                out.append(bytes)
            }
            return out
        }
    }

    /// B's signed bundle, serialized.
    static func bundleOfB() -> [UInt8]? {
        BlockingTask.run {
            guard let bob = makeProtocol(FuzzFixtures.keyB, installation: localInstallation),
                  let bundle = try? await bob.bundle() else { return nil }
            return try? bundle.serializedBytes() as [UInt8]
        }
    }
}
