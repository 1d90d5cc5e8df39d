import Libp2pCore

extension FuzzTarget {
    /// mplex (Sources/Plugins/Libp2pCore): the decrypted byte stream of a connection, cut into frames by
    /// `MplexFrame.decode` (1 MiB limit from the header), each applied to `MplexSessionState` as `MplexMux`
    /// does; this side has one stream of its own open first and answers every stream the peer opens. Every
    /// decoded frame must survive encode → decode.
    public static let mplex = FuzzTarget(
        name: "mplex",
        summary: "MplexFrame.decode stream → MplexSessionState.receive/send/close, frame re-encode",
        run: { input in
            var state = MplexSessionState(maximumInboundStreams: 8)
            let (local, _) = state.openStream()
            var buffer = input
            while true {
                guard let frame = try? MplexFrame.decode(&buffer) else { return }
                var reencoded = frame.bytes
                precondition((try? MplexFrame.decode(&reencoded)) == frame, "mplex: \(frame) does not survive encode → decode")
                guard let (events, _) = try? state.receive(frame) else { return }
                for event in events {
                    switch event {
                    case .opened(let key): _ = state.send(key, Array("/ipfs/id/1.0.0\n".utf8))
                    case .remoteClosed(let key): _ = state.close(key)
                    case .data(let key, _): _ = state.send(key, [])
                    case .reset: break
                    }
                }
                _ = (state.openStreamCount, state.send(local, [1]))
            }
        },
        seeds: {
            func stream(_ frames: [MplexFrame]) -> [UInt8] { frames.flatMap(\.bytes) }
            return [
                stream([
                    MplexFrame(streamID: 0, flag: .newStream, data: Array("0".utf8)),
                    MplexFrame(streamID: 0, flag: .messageInitiator, data: Array("/multistream/1.0.0\n".utf8)),
                    MplexFrame(streamID: 0, flag: .messageReceiver, data: [1, 2, 3]),
                    MplexFrame(streamID: 0, flag: .closeReceiver),
                    MplexFrame(streamID: 0, flag: .closeInitiator),
                ]),
                stream([
                    MplexFrame(streamID: 5, flag: .newStream),
                    MplexFrame(streamID: 5, flag: .resetInitiator),
                    MplexFrame(streamID: 0, flag: .resetReceiver),
                    MplexFrame(streamID: 1 << 40, flag: .messageInitiator, data: [UInt8](repeating: 7, count: 200)),
                ]),
            ]
        })
}
