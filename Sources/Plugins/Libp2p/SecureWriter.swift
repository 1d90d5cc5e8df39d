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
        queue.append(try frame(bytes))
        guard !draining else { return }
        draining = true
        defer { draining = false }
        while !queue.isEmpty {
            // Everything queued while the last write was in flight goes in one write.
            let next = queue
            queue.removeAll()
            do { try await outbound.write(contentsOf: next) } catch {
                failed = true
                queue.removeAll()
                throw NetworkError.closed
            }
        }
    }

    func finish() { outbound.finish() }

    /// `bytes` as they are, or sealed straight into one buffer of Noise frames (`BE16(length) ‖ ciphertext ‖ tag`).
    private func frame(_ bytes: [UInt8]) throws -> ByteBuffer {
        guard var transport = noise else { return ByteBuffer(bytes: bytes) }
        defer { noise = transport }
        let frames = max(1, (bytes.count + NoiseTransport.maximumPlaintext - 1) / NoiseTransport.maximumPlaintext)
        var buffer = ByteBuffer()
        buffer.reserveCapacity(bytes.count + frames * (2 + NoiseTransport.maximumFrame - NoiseTransport.maximumPlaintext))
        try transport.seal(bytes) { body in
            buffer.writeInteger(UInt16(body.count))
            buffer.writeBytes(body)
        }
        return buffer
    }
}
