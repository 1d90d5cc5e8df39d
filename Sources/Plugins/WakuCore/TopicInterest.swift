/// What a peer wants to receive: the topic-interest option (a topic list) or a bloom filter
/// (wire-facts §2.2). A relay sends a peer only envelopes that match.
///
/// An empty topic list means "interested in nothing"; `Bloom.full` means a full node.
public enum TopicInterest: Sendable, Equatable {
    /// Exactly these topics (the topic-interest option, at most 10 000 topics).
    case topics(Set<Topic>)
    /// A bloom filter (the bloom option).
    case bloom(Bloom)

    /// Everything (a full node's bloom).
    public static let everything = TopicInterest.bloom(.full)

    /// `true` if an envelope on `topic` should be sent to a peer with this interest.
    public func matches(_ topic: Topic) -> Bool {
        switch self {
        case .topics(let topics): return topics.contains(topic)
        case .bloom(let bloom): return bloom.matches(topic: topic)
        }
    }

    /// The interest as a bloom filter (the OR of the topics' filters for a topic list).
    public var bloom: Bloom {
        switch self {
        case .topics(let topics): return Bloom(topics: topics)
        case .bloom(let bloom): return bloom
        }
    }
}
