import Kernel
import Primitives
import WakuCore

/// `waku.watch` (the `receive` plugin's control method behind `parley watch`): a long poll. The first
/// call with a new `id` subscribes to `topic` (with `sym-key`/`password`, and the node key); every call
/// returns what arrived since the previous one, waiting up to `wait-seconds` for the first message.
struct WatchMethod: ControlMethod {
    let receiver: WakuReceiver
    let nodeKey: PrivateKey
    let polls = LongPollRegistry<ReceivedMessage>()

    func call(_ parameters: [String: String]) async throws -> ControlValue {
        let wait = min(try parameters.number("wait-seconds", default: 10), 60)
        let messages = try await polls.poll(try parameters.required("id"), wait: .milliseconds(Int64(wait * 1000))) {
            let filter = MessageFilter(topics: [try parameters.topic()], keys: try parameters.openingKeys(nodeKey: nodeKey))
            return await receiver.messages(matching: filter)
        }
        return .object(["messages": .array(messages.map(\.controlValue))])
    }

    /// Ends every watch (the plugin stopped).
    func stopAll() async { await polls.closeAll() }
}
