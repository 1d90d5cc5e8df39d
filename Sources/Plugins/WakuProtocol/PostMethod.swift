import Kernel
import Primitives
import WakuCore

/// `waku.post` (the `send` plugin's control method behind `parley post`): seals `payload` on `topic`,
/// signed with the node key, and posts it. Returns the envelope hash and the peers it reached.
struct PostMethod: ControlMethod {
    let sender: WakuSender
    let nodeKey: PrivateKey

    func call(_ parameters: [String: String]) async throws -> ControlValue {
        let message = OutgoingMessage(topic: try parameters.topic(), payload: Array(try parameters.required("payload").utf8),
                                      encryption: try parameters.encryption(), signer: nodeKey,
                                      ttl: parameters["ttl"].flatMap(UInt32.init), powTarget: parameters["pow"].flatMap(Double.init))
        let hash = try await sender.post(message)
        let states = await sender.deliveries.states(of: hash)
        return .object(["hash": .string(hash.description), "peers": .number(Double(states.count))])
    }
}
