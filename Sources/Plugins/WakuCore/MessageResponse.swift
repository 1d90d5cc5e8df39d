import Primitives

/// One rejected envelope in a `MessageResponse`: its hash, code 21 (time not synced) or 22 (other), and why.
public struct EnvelopeError: Sendable, Equatable {
    public var hash: EnvelopeHash
    public var code: UInt
    public var description: String

    public init(hash: EnvelopeHash, code: UInt, description: String) {
        self.hash = hash
        self.code = code
        self.description = description
    }

    /// The entry status-go sends for an envelope refused by `EnvelopeAcceptance` (errata #10).
    public init(hash: EnvelopeHash, rejection: EnvelopeRejection) {
        self.init(hash: hash, code: rejection.messageResponseCode, description: rejection.description)
    }
}

/// The confirmation packet (code 12): `[version = 1, [batch-hash(32), [[hash, code, description]…]]]`.
/// `batchHash` is keccak256 of the Messages payload it answers.
public struct MessageResponse: Sendable, Equatable {
    /// The only version status-go sends.
    public static let version: UInt64 = 1
    public var batchHash: [UInt8]
    public var errors: [EnvelopeError]

    public init(batchHash: [UInt8], errors: [EnvelopeError]) {
        self.batchHash = batchHash
        self.errors = errors
    }

    /// keccak256 of a Messages payload: the batch hash confirmations refer to.
    public static func batchHash(ofPayload payload: [UInt8]) -> [UInt8] { Keccak256.hash(payload) }

    /// The RLP payload.
    public func encoded() -> [UInt8] {
        let entries = errors.map { RLPItem.list([.bytes($0.hash.bytes), .uint(UInt64($0.code)), .string($0.description)]) }
        return RLP.encode(.list([.uint(Self.version), .list([.bytes(batchHash), .list(entries)])]))
    }
}
