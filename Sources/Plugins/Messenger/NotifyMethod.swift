import Kernel

/// `chat.notify` (behind `parley chat notify` and the interactive session): a long poll of new
/// messages — incoming by default, all with `all=true`.
struct NotifyMethod: ControlMethod {
    let bus: EventBus
    let polls = LongPollRegistry<ChatMessageEvent>()

    func call(_ parameters: [String: String]) async throws -> ControlValue {
        let wait = min(try parameters.number("wait-seconds", default: 10), 60)
        let events = try await polls.poll(try parameters.required("id"), wait: .milliseconds(Int64(wait * 1000))) {
            bus.subscribe(ChatMessageEvent.self, bufferSize: 1000)
        }
        let wanted = parameters["all"] == "true" ? events : events.filter(\.incoming)
        return .object(["messages": .array(wanted.map(\.message.controlValue))])
    }
}
