import CSodium

/// Makes sure `sodium_init()` ran exactly once before any libsodium call.
///
/// libsodium requires initialisation before `randombytes_buf` and friends; a Swift global `let` is
/// initialised lazily and thread-safely, so touching `Sodium.ready` is enough.
enum Sodium {
    /// `true` once libsodium is initialised (`sodium_init` returns 0, or 1 if already initialised).
    static let ready: Bool = {
        let status = sodium_init()
        precondition(status >= 0, "libsodium failed to initialise (sodium_init returned \(status))")
        return true
    }()

    /// Call before any libsodium function.
    @inline(__always) static func ensureReady() { _ = ready }
}
