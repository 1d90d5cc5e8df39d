import Primitives

/// A message to post: what the messenger hands to an `EnvelopeSender`.
///
/// `envelope(now:defaults:)` performs the whole send-side pipeline of wire-facts §2.5–§2.6, §2.3:
/// data field (signed if `signer` is set) → encryption → envelope (`expiry = now + ttl`) → PoW seal.
public struct OutgoingMessage: Sendable {
    /// Routing topic.
    public var topic: Topic
    /// Application payload.
    public var payload: [UInt8]
    /// Symmetric key or recipient public key.
    public var encryption: Encryption
    /// Signs the data field (Status: the identity key, always).
    public var signer: PrivateKey?
    /// Overrides the sender's configured TTL.
    public var ttl: UInt32?
    /// Overrides the sender's configured PoW target.
    public var powTarget: Double?

    public init(topic: Topic, payload: [UInt8], encryption: Encryption, signer: PrivateKey?,
                ttl: UInt32? = nil, powTarget: Double? = nil) {
        self.topic = topic
        self.payload = payload
        self.encryption = encryption
        self.signer = signer
        self.ttl = ttl
        self.powTarget = powTarget
    }

    /// Encrypts, wraps and seals the message as an envelope sent at unix time `now`.
    ///
    /// - Throws: `OutgoingMessageError` if the data field cannot be built or encrypted, or the PoW
    ///   target is not reached within the work time.
    public func envelope(now: UInt32, defaults: SealingParameters = .status) throws(OutgoingMessageError) -> Envelope {
        let data: [UInt8]
        do { data = try Message.seal(payload: payload, to: encryption, signWith: signer) } catch { throw .message(error) }
        let target = powTarget ?? defaults.powTarget(forPayloadSize: payload.count)
        let unsealed = Envelope(ttl: ttl ?? defaults.ttl, topic: topic, data: data, now: now)
        do { return try unsealed.sealed(target: target, timeBudget: defaults.workTime) } catch { throw .seal(error) }
    }
}

/// TTL, PoW target and work time a sender applies when a message does not override them.
public struct SealingParameters: Sendable, Equatable {
    /// Time to live, seconds.
    public var ttl: UInt32
    /// PoW target; `nil` applies Status's rule (0.002, or 0.000002 for payloads above 50 000 bytes).
    public var powTarget: Double?
    /// Time budget for the PoW search.
    public var workTime: Duration

    public init(ttl: UInt32, powTarget: Double?, workTime: Duration) {
        self.ttl = ttl
        self.powTarget = powTarget
        self.workTime = workTime
    }

    /// What Status v0.62 uses (wire-facts §2.9): TTL 15 s, PoW 0.002 (0.000002 above 50 000 B), 5 s.
    public static let status = SealingParameters(ttl: StatusSendDefaults.ttl, powTarget: nil, workTime: StatusSendDefaults.workTime)

    /// The PoW target for a payload of `payloadSize` bytes.
    public func powTarget(forPayloadSize payloadSize: Int) -> Double {
        powTarget ?? StatusSendDefaults.powTarget(forPayloadSize: payloadSize)
    }
}

/// Why an outgoing message could not be turned into an envelope.
public enum OutgoingMessageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Building or encrypting the data field failed.
    case message(MessageError)
    /// Sealing failed (target not reached in time, invalid target, TTL 0, cancelled).
    case seal(SealError)

    public var description: String {
        switch self {
        case .message(let error): return "\(error)"
        case .seal(let error): return "\(error)"
        }
    }
}
