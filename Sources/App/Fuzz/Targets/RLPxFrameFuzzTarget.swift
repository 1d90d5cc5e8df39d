// The rlpx-* targets reach Devp2p's internal handshake and frame code through @testable, which only a
// debug build (as fuzzing and the tests use) allows; a release build of the package leaves them out.
#if DEBUG
@testable import Devp2p
import Kernel
import Primitives

extension FuzzTarget {
    /// RLPx frames (Sources/Plugins/Devp2p) with the fixed session secrets. The first byte picks the mode:
    /// even — the rest is wire bytes for B's ingress codec (header MAC, size limit, body MAC); odd — the rest
    /// is frame data A seals, so B's codec opens it and reads it as the session does (message id, snappy when
    /// bit 1 is set, Hello or Disconnect).
    public static let rlpxFrame = FuzzTarget(
        name: "rlpx-frame",
        summary: "RLPxFrameCodec.openHeader/openBody on wire bytes, or seal→open→message id, snappy, Hello/Disconnect decode",
        run: { input in
            guard let mode = input.first else { return }
            let rest = Array(input.dropFirst())
            guard var receiver = try? RLPxFrameCodec(secrets: RLPxFixtures.secrets.recipient, maximumIncomingFrame: 1 << 20) else { return }
            var wire = rest
            if mode & 1 == 1 {
                guard var sender = try? RLPxFrameCodec(secrets: RLPxFixtures.secrets.initiator),
                      let sealed = try? sender.seal(rest) else { return }
                wire = sealed
            }
            while wire.count >= RLPxFrameCodec.headerSize {
                guard let header = try? receiver.openHeader(Array(wire[0..<RLPxFrameCodec.headerSize])) else { return }
                wire.removeFirst(RLPxFrameCodec.headerSize)
                guard wire.count >= header.bodyLength,
                      let frame = try? receiver.openBody(Array(wire[0..<header.bodyLength]), frameSize: header.frameSize) else { return }
                wire.removeFirst(header.bodyLength)
                readFrame(frame, snappy: mode & 2 == 2)
            }
        },
        seeds: {
            let hello = HelloMessage(version: 5, clientID: "parley-fuzz", capabilities: [CapabilityAnnouncement(name: "waku", version: 1)],
                                     listenPort: 30303, nodeID: FuzzFixtures.keyA.publicKey.raw64)
            var seeds: [[UInt8]] = [
                [0x01] + RLP.encode(.uint(0)) + hello.encoded,
                [0x03] + RLP.encode(.uint(1)) + Snappy.compress(DisconnectMessage.encode(.tooManyPeers)),
                [0x03] + RLP.encode(.uint(0x10)) + Snappy.compress([UInt8](repeating: 0xab, count: 300)),
            ]
            if var sender = try? RLPxFrameCodec(secrets: RLPxFixtures.secrets.initiator),
               let frame = try? sender.seal(RLP.encode(.uint(0)) + hello.encoded) {
                seeds.append([0x00] + frame)
            }
            return seeds
        })

    /// What the session does with an opened frame before handing it to a capability.
    private static func readFrame(_ frame: [UInt8], snappy: Bool) {
        guard let (item, consumed) = try? RLP.decodePrefix(frame), let code = try? item.asUInt64() else { return }
        var payload = Array(frame[consumed...])
        if snappy {
            guard let decompressed = try? Snappy.decompress(payload, maxLength: 1 << 20) else { return }
            payload = decompressed
        }
        switch code {
        case BaseMessage.hello:
            if let hello = try? HelloMessage.decode(payload) {
                _ = CapabilityTable(local: [], remote: hello.capabilities)
            }
        case BaseMessage.disconnect: _ = DisconnectMessage.decode(payload)
        default: break
        }
    }
}
#endif
