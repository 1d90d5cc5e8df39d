import Primitives

/// The topics Status v0.62 derives, and the strings it hashes (wire-facts §2.7, status-go
/// `protocol/transport/topic.go`, `filters_manager.go`; errata #1, #3, #18, #25).
///
/// Every topic is `keccak256(utf8(string))[0:4]`; symmetric topics use `SymKey(password:)` of the
/// same string. `derive(_:)` returns both, for the CLI and the messenger.
public enum StatusTopic {
    /// Partitions of the partitioned topic space.
    public static let partitionCount = 5000
    /// The legacy generic discovery string (not listened to by v0.62; errata #18).
    public static let genericDiscoveryName = "contact-discovery"
    /// `keccak256("contact-discovery")[:4]` = `0xf8946aac`.
    public static let genericDiscovery = Topic(hashing: genericDiscoveryName)
    /// The mailserver request topic: unset, `00000000`.
    public static let mailserverRequest = Topic.zero

    /// `"0x" + hex65(pub) + "-contact-code"`.
    public static func contactCodeName(of key: PublicKey) -> String { "0x" + Hex.encode(key.uncompressed) + "-contact-code" }
    /// The contact-code topic of `key` (symmetric, key = `SymKey(password: contactCodeName(of:))`).
    public static func contactCode(of key: PublicKey) -> Topic { Topic(hashing: contactCodeName(of: key)) }

    /// The affine X coordinate of `key` as a 256-bit big-endian integer, mod 5000 (errata #3).
    public static func partition(of key: PublicKey) -> Int {
        key.raw64.prefix(32).reduce(0) { ($0 * 256 + Int($1)) % partitionCount }
    }
    /// `"contact-discovery-" + decimal(X mod 5000)`.
    public static func partitionedName(of key: PublicKey) -> String { "contact-discovery-\(partition(of: key))" }
    /// The partitioned topic of `key` (asymmetric to `key`; 1:1 first contact).
    public static func partitioned(of key: PublicKey) -> Topic { Topic(hashing: partitionedName(of: key)) }

    /// `"contact-discovery-" + hex65(pub)`.
    public static func personalDiscoveryName(of key: PublicKey) -> String { "contact-discovery-" + Hex.encode(key.uncompressed) }
    /// The personal discovery topic of `key` (asymmetric; listened to, never sent to, in v0.62).
    public static func personalDiscovery(of key: PublicKey) -> Topic { Topic(hashing: personalDiscoveryName(of: key)) }

    /// `hex(ECDH_x(mine, theirs))`: lower-case, no `0x`, no suffix — the string behind the negotiated
    /// topic and its key (errata #1). Symmetric: both sides compute the same string.
    public static func negotiatedName(mine: PrivateKey, theirs: PublicKey) throws(StatusTopicError) -> String {
        do { return Hex.encode(try mine.sharedSecretX(with: theirs)) } catch { throw .sharedSecretFailed("\(error)") }
    }
    /// The negotiated topic between two identities.
    public static func negotiated(mine: PrivateKey, theirs: PublicKey) throws(StatusTopicError) -> Topic {
        Topic(hashing: try negotiatedName(mine: mine, theirs: theirs))
    }

    /// A public chat's topic: its name as-is (e.g. `"status"`).
    public static func publicChat(_ name: String) -> Topic { Topic(hashing: name) }

    /// A topic together with the string hashed into it and, for symmetric topics, its key.
    public struct Derived: Sendable, Equatable {
        /// The string hashed into the topic (and into the key).
        public let name: String
        /// `keccak256(name)[:4]`.
        public let topic: Topic
        /// `SymKey(password: name)` for symmetric topics; `nil` for asymmetric ones.
        public let symKey: SymKey?
    }

    /// The kinds of topic Status uses.
    public enum Kind: Sendable {
        case contactCode(PublicKey)
        case partitioned(PublicKey)
        case personalDiscovery(PublicKey)
        case genericDiscovery
        case negotiated(mine: PrivateKey, theirs: PublicKey)
        case publicChat(String)
    }

    /// The topic of `kind` and, for symmetric kinds (contact code, negotiated, public chat), its key.
    /// Deriving a key runs PBKDF2 (tens of milliseconds).
    public static func derive(_ kind: Kind) throws(StatusTopicError) -> Derived {
        let name: String
        let symmetric: Bool
        switch kind {
        case .contactCode(let key): (name, symmetric) = (contactCodeName(of: key), true)
        case .partitioned(let key): (name, symmetric) = (partitionedName(of: key), false)
        case .personalDiscovery(let key): (name, symmetric) = (personalDiscoveryName(of: key), false)
        case .genericDiscovery: (name, symmetric) = (genericDiscoveryName, false)
        case .negotiated(let mine, let theirs): (name, symmetric) = (try negotiatedName(mine: mine, theirs: theirs), true)
        case .publicChat(let chat): (name, symmetric) = (chat, true)
        }
        var key: SymKey?
        if symmetric {
            // A negotiated topic's name is a shared secret: derive it afresh and keep nothing. Contact-code
            // and public-chat names are public, so their keys may be remembered.
            let secret: Bool
            if case .negotiated = kind { secret = true } else { secret = false }
            do { key = secret ? try SymKey(password: name) : try SymKey(publicPassword: name) } catch { throw .keyDerivationFailed("\(error)") }
        }
        return Derived(name: name, topic: Topic(hashing: name), symKey: key)
    }
}

/// Why a Status topic or key could not be derived.
public enum StatusTopicError: Error, Equatable, Sendable, CustomStringConvertible {
    /// ECDH between the two identity keys failed.
    case sharedSecretFailed(String)
    /// PBKDF2 failed.
    case keyDerivationFailed(String)

    public var description: String {
        switch self {
        case .sharedSecretFailed(let reason): return "negotiated topic: ECDH of the identity keys failed: \(reason)"
        case .keyDerivationFailed(let reason): return "topic key derivation failed: \(reason)"
        }
    }
}
