import Foundation
import Kernel
import Primitives
import WakuCore

/// `waku.watch` (the `receive` plugin's control method behind `parley watch`): a long poll. The first
/// call with a new `id` subscribes to `topic` (with `sym-key`/`password`, and the node key); every call
/// returns what arrived since the previous one, waiting up to `wait-seconds` for the first message.
/// Watches nobody polled for a minute are dropped.
actor WatchMethod: ControlMethod {
    let receiver: WakuReceiver
    let nodeKey: PrivateKey
    private var watches: [String: Watch] = [:]

    final class Watch: @unchecked Sendable {
        // Touched only by the owning actor.
        var buffer: [ReceivedMessage] = []
        var lastPoll = Date()
        var task: Task<Void, Never>?
        var arrival: CheckedContinuation<Void, Never>?
    }

    init(receiver: WakuReceiver, nodeKey: PrivateKey) {
        self.receiver = receiver
        self.nodeKey = nodeKey
    }

    func call(_ parameters: [String: String]) async throws -> ControlValue {
        let id = try parameters.required("id")
        let wait = min(try parameters.number("wait-seconds", default: 10), 60)
        dropIdle()
        let watch = try await watch(id, parameters)
        watch.lastPoll = Date()
        if watch.buffer.isEmpty && wait > 0 {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { try? await Task.sleep(for: .milliseconds(Int64(wait * 1000))) }
                group.addTask { await self.waitForArrival(watch) }
                await group.next()
                group.cancelAll()
                self.wake(watch)
            }
        }
        let messages = watch.buffer
        watch.buffer = []
        return .object(["messages": .array(messages.map(\.controlValue))])
    }

    /// Ends every watch (the plugin stopped).
    func stopAll() {
        for watch in watches.values { watch.task?.cancel(); wake(watch) }
        watches = [:]
    }

    private func watch(_ id: String, _ parameters: [String: String]) async throws -> Watch {
        if let existing = watches[id] { return existing }
        let filter = MessageFilter(topics: [try parameters.topic()], keys: try parameters.openingKeys(nodeKey: nodeKey))
        let stream = await receiver.messages(matching: filter)
        let watch = Watch()
        watch.task = Task { [weak self] in
            for await message in stream { await self?.arrived(message, in: watch) }
        }
        watches[id] = watch
        return watch
    }

    private func arrived(_ message: ReceivedMessage, in watch: Watch) {
        watch.buffer.append(message)
        if watch.buffer.count > 1000 { watch.buffer.removeFirst() }
        wake(watch)
    }

    private func waitForArrival(_ watch: Watch) async {
        await withCheckedContinuation { continuation in
            if !watch.buffer.isEmpty { continuation.resume() } else { watch.arrival = continuation }
        }
    }

    private func wake(_ watch: Watch) {
        watch.arrival?.resume()
        watch.arrival = nil
    }

    private func dropIdle() {
        for (id, watch) in watches where Date().timeIntervalSince(watch.lastPoll) > 60 {
            watch.task?.cancel()
            wake(watch)
            watches[id] = nil
        }
    }
}
