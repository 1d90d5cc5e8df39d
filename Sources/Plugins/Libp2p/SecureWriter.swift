import Kernel
import Libp2pCore
import NIOCore

/// Encrypts and writes in call order: sealing (which advances the Noise nonce) and queueing happen
/// together on this actor, and one drain loop writes the queue, so wire order equals nonce order.
actor SecureWriter {
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    var noise: NoiseTransport?
    private var queue: [ByteBuffer] = []
    private var draining = false
    private var failed = false

    init(outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) { self.outbound = outbound }

    func startEncrypting(_ transport: NoiseTransport) { noise = transport }

    /// Writes `bytes` as they are (handshake) or sealed in Noise frames once encrypting.
    func write(_ bytes: [UInt8]) async throws {
        guard !failed else { throw NetworkError.closed }
        let wire = noise == nil ? bytes : try noise!.seal(bytes)
        queue.append(ByteBuffer(bytes: wire))
        guard !draining else { return }
        draining = true
        defer { draining = false }
        while !queue.isEmpty {
            let next = queue.removeFirst()
            do { try await outbound.write(next) } catch {
                failed = true
                queue.removeAll()
                throw NetworkError.closed
            }
        }
    }

    func finish() { outbound.finish() }
}
