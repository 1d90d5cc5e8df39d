import NIOCore

/// Keeps a session's receive buffer bounded: consumed bytes are dropped after every read, a buffer
/// grown by a large frame is given back once it is drained, and what stays unprocessed can never
/// exceed one frame of the current phase plus one socket read.
extension RLPxSessionHandler {
    /// Capacity a drained buffer may keep for the next frames; above it a fresh buffer is allocated.
    static let retainedCapacity = 256 * 1024
    /// Consumed bytes at the front of a buffer beyond which they are discarded (memmove of the rest).
    static let compactionThreshold = 64 * 1024

    /// Compacts the buffer after processing and checks the per-connection bound.
    func boundBuffer() throws {
        compactBuffer()
        let limit = max(RLPxFrameLimits.bufferBudget(frameLimit: frameLimit), RLPxPacket.maximumSize + RLPxFrameLimits.socketReadAllowance)
        guard buffer.readableBytes <= limit else {
            throw Devp2pError.receiveBufferOverflow(bytes: buffer.readableBytes, limit: limit)
        }
    }

    func compactBuffer() {
        if buffer.readableBytes == 0 {
            if buffer.capacity > Self.retainedCapacity { buffer = ByteBuffer() } else { buffer.clear() }
        } else if buffer.capacity > Self.retainedCapacity && buffer.readableBytes <= buffer.capacity / 4 {
            var smaller = ByteBuffer()
            smaller.reserveCapacity(buffer.readableBytes)
            smaller.writeBuffer(&buffer)
            buffer = smaller
        } else if buffer.readerIndex >= Self.compactionThreshold {
            buffer.discardReadBytes()
        }
    }

    /// Reserves the global budget for a frame body announced by a header (checked against `frameLimit` first).
    func admitFrame(size: Int, bodyLength: Int) throws {
        guard size <= frameLimit else { throw Devp2pError.frameTooLarge(size: size, limit: frameLimit) }
        guard config.receiveBudget.reserve(bodyLength) else {
            throw Devp2pError.receiveBudgetExhausted(needed: bodyLength, limit: config.receiveBudget.limit)
        }
        reservedBody = bodyLength
        // Grow once to what this frame needs instead of doubling past it while the body arrives.
        if buffer.readerIndex > 0 { buffer.discardReadBytes() }
        if buffer.capacity < bodyLength { buffer.reserveCapacity(bodyLength) }
    }

    /// Gives back the budget of a consumed (or abandoned) frame body.
    func releaseFrame() {
        config.receiveBudget.release(reservedBody)
        reservedBody = 0
    }

    /// Drops everything buffered (the session is ending) and returns its budget.
    func releaseReceiveBuffer() {
        releaseFrame()
        pendingFrame = nil
        buffer = ByteBuffer()
    }
}
