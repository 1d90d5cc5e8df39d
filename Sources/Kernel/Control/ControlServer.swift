import Foundation
import Kernel
import Logging
import NIOCore
import NIOPosix

/// Serves the control socket of a running node: binds `<path>` with mode 0600, answers one JSON
/// response per JSON request line, and survives garbage (it answers with an error and carries on).
public final class ControlServer: Sendable {
    public typealias Handler = @Sendable (ControlRequest) async -> ControlResponse
    public static let maximumRequestLength = 64 * 1024

    public let path: String
    private let channel: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>
    private let handler: Handler
    private let logger: Logger

    private init(path: String, channel: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>,
                 handler: @escaping Handler, logger: Logger) {
        self.path = path
        self.channel = channel
        self.handler = handler
        self.logger = logger
    }

    /// Binds the socket. A stale socket file left by a crashed node is replaced; a live one is an error.
    public static func bind(path: String, handler: @escaping Handler,
                            logger: Logger = Logger(label: "parley.control")) async throws -> ControlServer {
        if FileManager.default.fileExists(atPath: path) {
            if ControlClient.isListening(path: path) { throw ControlError.alreadyRunning(path: path) }
            try? FileManager.default.removeItem(atPath: path)
        }
        let previousMask = umask(0o177)   // the socket file is created owner-only
        defer { umask(previousMask) }
        let channel: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>
        do {
            channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .bind(unixDomainSocketPath: path) { child in
                    child.eventLoop.makeCompletedFuture {
                        try child.pipeline.syncOperations.addHandler(
                            ByteToMessageHandler(LineFrameDecoder(maximumLength: maximumRequestLength)))
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: child)
                    }
                }
        } catch {
            throw ControlError.socketFailure(path: path, reason: "\(error)")
        }
        chmod(path, 0o600)
        return ControlServer(path: path, channel: channel, handler: handler, logger: logger)
    }

    /// Serves connections until `close()` is called.
    public func run() async {
        do {
            try await channel.executeThenClose { inbound in
                try await withThrowingDiscardingTaskGroup { group in
                    for try await connection in inbound {
                        group.addTask { await self.serve(connection) }
                    }
                }
            }
        } catch {
            logger.debug("control server ended", metadata: ["error": "\(error)"])
        }
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Stops accepting connections; `run()` then returns and removes the socket file.
    public func close() async {
        try? await channel.channel.close()
    }

    private func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                for try await line in inbound {
                    let response = await respond(to: Array(line.readableBytesView))
                    var encoded = try JSONEncoder.control.encode(response)
                    encoded.append(UInt8(ascii: "\n"))
                    try await outbound.write(ByteBuffer(bytes: encoded))
                }
            }
        } catch {
            logger.notice("control connection dropped", metadata: ["reason": "\(error)"])
        }
    }

    func respond(to line: [UInt8]) async -> ControlResponse {
        let request: ControlRequest
        do {
            request = try JSONDecoder().decode(ControlRequest.self, from: Data(line))
        } catch {
            return .failure("malformed control request (expected one JSON object per line, e.g. {\"command\":\"status\"}): \(error)")
        }
        return await handler(request)
    }
}

extension JSONEncoder {
    static var control: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
