import Foundation
import Primitives
@testable import ChatPayloads

/// Deterministic keys and small helpers shared by the suites.
enum Fixtures {
    /// keccak256("sec") — the wire-facts §0.3 RFC 6979 signing vector key (pub `04e40930…2d07c3`).
    static let sec = key("sec")
    static let alice = key("alice")
    static let bob = key("bob")
    static let carol = key("carol")
    static let dave = key("dave")

    static func key(_ seed: String) -> PrivateKey {
        // keccak256 of a short string is a valid scalar for these seeds (checked by the tests running at all).
        (try? PrivateKey(rawBytes: Keccak256.hash(Array(seed.utf8)))) ?? PrivateKey.generate()
    }

    static func bytes(_ hex: String) -> [UInt8] {
        (try? Hex.decode(hex.replacingOccurrences(of: " ", with: ""))) ?? []
    }

    static func encode(_ message: some ApplicationPayload) -> [UInt8] {
        (try? message.encodedBytes().get()) ?? []
    }

    /// A fixed group id created by `sec` (uuid 00000000-0000-4000-8000-000000000000).
    static let secGroupID = "00000000-0000-4000-8000-000000000000-0x" + Hex.encode(sec.publicKey.uncompressed)
}
