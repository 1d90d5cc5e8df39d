import Primitives

/// What a subscriber wants: envelopes on some topics that open with some keys (status-go `Filter`).
///
/// `open(_:origin:)` is the receive-side pipeline after acceptance: topic match → trial decryption
/// with every key → data-field parse → signer recovery → signature requirement.
public struct MessageFilter: Sendable, Equatable {
    /// Topics to watch.
    public var topics: Set<Topic>
    /// Keys to try, in order.
    public var keys: [KeySpec]
    /// Reject unsigned messages (Status requires a signature on every envelope it processes).
    public var requireSignature: Bool
    /// Also deliver envelopes replayed from a store peer (status-go `AllowP2P`).
    public var allowHistory: Bool

    public init(topics: Set<Topic>, keys: [KeySpec], requireSignature: Bool = true, allowHistory: Bool = true) {
        self.topics = topics
        self.keys = keys
        self.requireSignature = requireSignature
        self.allowHistory = allowHistory
    }

    /// Opens `envelope` for this filter.
    /// - Throws: `MessageFilterMiss` saying why the envelope is not for this filter.
    public func open(_ envelope: Envelope, origin: EnvelopeOrigin) throws(MessageFilterMiss) -> ReceivedMessage {
        guard topics.contains(envelope.topic) else { throw .topicNotWatched(envelope.topic) }
        if case .history = origin, !allowHistory { throw .historyNotAllowed }
        let opened: OpenedMessage
        do { opened = try Message.open(envelope.data, with: keys) } catch { throw .message(error) }
        if requireSignature && opened.signer == nil { throw .unsigned }
        return ReceivedMessage(envelope: envelope, message: opened, origin: origin)
    }
}

/// A message delivered to a subscriber: the opened message with its envelope and origin.
public struct ReceivedMessage: Sendable {
    /// The envelope it came in (topic, hash, sent time, TTL).
    public let envelope: Envelope
    /// Payload, signer and the key that opened it.
    public let message: OpenedMessage
    /// Where the envelope entered the node.
    public let origin: EnvelopeOrigin

    public init(envelope: Envelope, message: OpenedMessage, origin: EnvelopeOrigin) {
        self.envelope = envelope
        self.message = message
        self.origin = origin
    }

    /// The application payload.
    public var payload: [UInt8] { message.payload }
    /// The signer recovered from the data field.
    public var signer: PublicKey? { message.signer }
}

/// Why an envelope is not delivered to a filter.
public enum MessageFilterMiss: Error, Equatable, Sendable, CustomStringConvertible {
    /// The envelope's topic is not one the filter watches.
    case topicNotWatched(Topic)
    /// The envelope came from a store peer and the filter excludes history.
    case historyNotAllowed
    /// No key opened it, or its data field is malformed.
    case message(MessageError)
    /// It opened but carries no signature, and the filter requires one.
    case unsigned

    public var description: String {
        switch self {
        case .topicNotWatched(let topic): return "topic \(topic) is not watched by this filter"
        case .historyNotAllowed: return "envelope came from history and the filter accepts live envelopes only"
        case .message(let error): return "\(error)"
        case .unsigned: return "message is not signed; this filter requires a data-field signature"
        }
    }
}
