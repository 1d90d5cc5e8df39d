import Libp2pCore

extension FuzzTarget {
    /// yamux (Sources/Plugins/Libp2pCore): the decrypted byte stream of a connection, cut into frames by
    /// `YamuxFrame.decode` with the 1 MiB window the transport uses, each applied to `YamuxSessionState` as
    /// the connection's `YamuxMux` does (streams opened by the peer, data consumed so window updates go out,
    /// a reply to each stream the peer opens, FIN/RST, ping echo, GO_AWAY). The first byte's bit 0 picks the
    /// role (dialer or listener); this side has one stream of its own open before the bytes arrive.
    /// Every decoded frame must re-encode to the bytes it came from.
    public static let yamux = FuzzTarget(
        name: "yamux",
        summary: "YamuxFrame.decode stream → YamuxSessionState.receive/consumed/send/close (dialer or listener), frame re-encode",
        run: { input in
            guard let mode = input.first else { return }
            var state = YamuxSessionState(isDialer: mode & 1 == 1, maximumInboundStreams: 8, receiveWindow: YamuxFuzz.window)
            guard let (local, _) = try? state.openStream() else { return }
            var buffer = Array(input.dropFirst())
            while true {
                let before = buffer
                guard let frame = try? YamuxFrame.decode(&buffer, maximumData: YamuxFuzz.window) else { return }
                precondition(frame.bytes == Array(before.prefix(before.count - buffer.count)), "yamux: frame does not re-encode to its bytes")
                guard let (events, _) = try? state.receive(frame) else { return }
                for event in events {
                    switch event {
                    case .data(let id, let bytes):
                        _ = state.consumed(id, bytes.count)
                    case .opened(let id):
                        if let window = try? state.sendable(id), window > 0 { _ = try? state.send(id, [UInt8](repeating: 0x2f, count: min(Int(window), 16))) }
                    case .remoteClosed(let id):
                        _ = state.close(id)
                    case .sendWindowGrew(let id):
                        _ = try? state.sendable(id)
                    case .reset, .pong, .goAway:
                        break
                    }
                }
                _ = (state.isOpen(local), state.openStreamCount)
            }
        },
        seeds: {
            func stream(_ frames: [YamuxFrame]) -> [UInt8] { frames.flatMap(\.bytes) }
            let syn = YamuxFrame.Flags.syn, ack = YamuxFrame.Flags.ack, fin = YamuxFrame.Flags.fin, rst = YamuxFrame.Flags.rst
            // As listener (bit 0 = 0): the peer (a dialer) opens odd streams and answers our stream 2.
            let asListener = stream([
                YamuxFrame(kind: .windowUpdate, flags: syn, streamID: 1, length: 0),
                .data(1, Array("/multistream/1.0.0\n".utf8)),
                YamuxFrame(kind: .windowUpdate, flags: ack, streamID: 2, length: 1 << 18),
                .data(2, [1, 2, 3], flags: fin),
                YamuxFrame(kind: .ping, flags: syn, streamID: 0, length: 7),
                YamuxFrame(kind: .windowUpdate, flags: rst, streamID: 1, length: 0),
                YamuxFrame(kind: .goAway, streamID: 0, length: 0),
            ])
            // As dialer (bit 0 = 1): the peer (a listener) opens even streams and answers our stream 1.
            let asDialer = stream([
                YamuxFrame(kind: .windowUpdate, flags: ack, streamID: 1, length: 0),
                .data(1, [UInt8](repeating: 0x41, count: 300)),
                .data(2, [9, 9], flags: syn),
                YamuxFrame(kind: .windowUpdate, flags: fin, streamID: 1, length: 0),
                YamuxFrame(kind: .ping, flags: ack, streamID: 0, length: 1),
            ])
            return [[0] + asListener, [1] + asDialer]
        })
}

/// The limits the `yamux` target runs with.
enum YamuxFuzz {
    /// The transport's per-stream receive window (`YamuxMux.receiveWindow`).
    static let window: UInt32 = 1 << 20
}
