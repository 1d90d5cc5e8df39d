import Primitives
import WakuCore
import WakuProtocol

extension FuzzTarget {
    /// Waku Status / StatusUpdate options (Sources/Plugins/WakuProtocol) and the other small `waku/1`
    /// control packets (BatchAcknowledged, MessageResponse). Options that decode must survive an
    /// encode/decode round trip unchanged.
    public static let wakuStatus = FuzzTarget(
        name: "waku-status",
        summary: "StatusOptions(decoding:) + merging/contains + encode round trip; BatchAcknowledged.decode; MessageResponse(decoding:)",
        run: { input in
            if let options = try? StatusOptions(decoding: input) {
                let again = try? StatusOptions(decoding: options.encoded())
                precondition(again == options, "StatusOptions changed across an encode/decode round trip")
                let merged = StatusOptions().merging(options)
                _ = merged.contains(options)
            }
            _ = try? BatchAcknowledged.decode(input)
            if let response = try? MessageResponse(decoding: input) { _ = response.encoded() }
        },
        seeds: {
            let full = StatusOptions(powRequirement: 0.002, bloomFilter: .full, lightNode: true, confirmationsEnabled: true,
                                     packetRateLimits: RateLimits(ip: 10, peerID: 5, topic: 2),
                                     topicInterest: [Topic(0xcd42_3760), Topic(1)], bytesRateLimits: RateLimits(ip: 1 << 20))
            return [
                full.encoded(),
                StatusOptions(lightNode: false).encoded(),
                StatusOptions(topicInterest: []).encoded(),
                BatchAcknowledged.encode(batchHash: [UInt8](repeating: 0xaa, count: 32)),
            ]
        })
}
