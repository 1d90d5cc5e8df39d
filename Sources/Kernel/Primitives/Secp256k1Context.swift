import CSecp256k1

/// The one libsecp256k1 context every key operation in the process shares.
///
/// Created once with `SECP256K1_CONTEXT_NONE` and randomised (blinding against side channels).
/// After creation libsecp256k1 only reads the context, so sharing it across threads is safe — hence
/// `@unchecked Sendable` on a final class that never mutates it again.
final class Secp256k1Context: @unchecked Sendable {
    static let shared = Secp256k1Context()

    let pointer: OpaquePointer

    private init() {
        guard let context = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE)) else {
            fatalError("libsecp256k1 could not create a context")
        }
        var seed = SecureRandom.bytes(32)
        let randomised = secp256k1_context_randomize(context, seed)
        secureZero(&seed)
        precondition(randomised == 1, "libsecp256k1 rejected the context randomisation seed")
        pointer = context
    }
}
