import Libp2pCore

/// One multiplexed stream, whichever muxer carries it.
protocol MuxedStream: AnyObject, Sendable {
    /// The next chunk, or nil once the peer closed or reset it (or the connection ended).
    func read() async -> [UInt8]?
    func write(_ bytes: [UInt8]) async throws
    /// Half-closes this side.
    func closeWrite() async
    func reset() async
}

/// A connection's stream muxer (yamux or mplex), as the connection uses it once frames are decoded.
protocol StreamMuxer: Actor {
    nonisolated var writer: SecureWriter { get }
    func openAnyStream() async throws -> any MuxedStream
    /// Ends every stream; `protocolError` tells the peer why where the muxer can (yamux GO_AWAY).
    func shutdown(protocolError: Bool?) async
}

extension YamuxStream: MuxedStream {}

extension YamuxMux: StreamMuxer {
    func openAnyStream() async throws -> any MuxedStream { try await openStream() }
    func shutdown(protocolError: Bool?) async {
        await shutdown(goAway: protocolError.map { $0 ? YamuxFrame.GoAwayCode.protocolError : .normal })
    }
}
