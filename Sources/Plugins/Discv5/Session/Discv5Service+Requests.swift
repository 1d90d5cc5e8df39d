import Foundation
import Primitives

extension Discv5Service {
    /// Sends a request built for a fresh request id and waits for its answer(s), retrying on timeout.
    public func request(_ build: ([UInt8]) -> Discv5Message, to record: NodeRecord) async throws -> [Discv5Message] {
        guard let id = record.nodeID, let endpoint = Endpoint(record: record) else { throw Discv5RequestError.noAddress }
        let node = NodeAddress(id: id, endpoint: endpoint)
        var lastError: any Error = Discv5RequestError.timeout
        for _ in 0...config.retries {
            do {
                return try await requestOnce(build(freshRequestID()), to: node, record: record)
            } catch Discv5RequestError.timeout {
                lastError = Discv5RequestError.timeout
                // The peer may have lost our session: the next attempt starts a handshake.
                sessions[node] = nil
            }
        }
        requestsTimedOut += 1
        throw lastError
    }

    private func requestOnce(_ message: Discv5Message, to node: NodeAddress, record: NodeRecord) async throws -> [Discv5Message] {
        let requestID = message.requestID
        let clock = self.clock, timeout = config.requestTimeout
        return try await withCheckedThrowingContinuation { continuation in
            let timer = Task { [weak self] in
                do { try await clock.sleep(for: timeout) } catch { return }
                await self?.expire(requestID)
            }
            pending[requestID] = PendingRequest(node: node, continuation: continuation, timer: timer)
            send(message, to: node, record: record)
        }
    }

    private func expire(_ requestID: [UInt8]) {
        guard let request = pending.removeValue(forKey: requestID) else { return }
        // NODES answers that arrived in part still count.
        if !request.responses.isEmpty { return request.continuation.resume(returning: request.responses) }
        request.continuation.resume(throwing: Discv5RequestError.timeout)
    }

    func freshRequestID() -> [UInt8] {
        nextRequestID &+= 1
        return withUnsafeBytes(of: nextRequestID.bigEndian, Array.init)
    }

    /// Sends under the session, or starts a handshake with a random packet (the message goes in the handshake).
    func send(_ message: Discv5Message, to node: NodeAddress, record: NodeRecord?) {
        let iv = SecureRandom.bytes(16)
        if var session = sessions[node], session.expiry > clock.now() {
            let nonce = session.nextNonce()
            sessions[node] = session
            let header = codec.header(nonce: nonce, auth: .message(sourceID: localID))
            guard let sealed = try? MessageCipher.seal(key: session.writeKey, nonce: nonce, plaintext: message.encoded,
                                                       authenticatedData: iv + header),
                  let bytes = try? codec.encode(maskingIV: iv, destinationID: node.id, header: header, messageCiphertext: sealed) else { return }
            if let record { remember(nonce: nonce, node: node, record: record, message: message) }
            return transmit(bytes, to: node.endpoint)
        }
        guard let record else { return }
        let nonce = SecureRandom.bytes(12)
        let header = codec.header(nonce: nonce, auth: .message(sourceID: localID))
        guard let bytes = try? codec.encode(maskingIV: iv, destinationID: node.id, header: header,
                                            messageCiphertext: SecureRandom.bytes(20)) else { return }
        remember(nonce: nonce, node: node, record: record, message: message)
        transmit(bytes, to: node.endpoint)
    }

    private func remember(nonce: [UInt8], node: NodeAddress, record: NodeRecord, message: Discv5Message) {
        sentPackets[nonce] = SentPacket(node: node, record: record, message: message, sentAt: clock.now())
        if sentPackets.count > 4096 { pruneSentPackets() }
    }

    /// PING: the node's current seq, and the address it sees us at.
    public func ping(_ record: NodeRecord) async throws -> (enrSeq: UInt64, ip: [UInt8], port: UInt16) {
        let answers = try await request({ .ping(requestID: $0, enrSeq: localRecord.seq) }, to: record)
        guard case .pong(_, let seq, let ip, let port)? = answers.first else { throw Discv5RequestError.timeout }
        return (seq, ip, port)
    }

    /// FINDNODE: verified records at the given distances from the node (bad or misplaced ones are counted and dropped).
    public func findNode(_ record: NodeRecord, distances: [UInt16]) async throws -> [NodeRecord] {
        let answers = try await request({ .findNode(requestID: $0, distances: distances) }, to: record)
        guard let remoteID = record.nodeID else { return [] }
        var found: [NodeRecord] = []
        for case .nodes(_, _, let records) in answers {
            for bytes in records {
                guard let decoded = try? NodeRecord(rlp: bytes, requireValidSignature: true), let id = decoded.nodeID,
                      distances.contains(UInt16(NodeDistance.log(id, remoteID))) else {
                    drops.record(.badRecord)
                    continue
                }
                found.append(decoded)
            }
        }
        // The node's own record (distance 0) replaces an older one we hold.
        let fresh = found.first { $0.nodeID == remoteID && $0.seq > record.seq } ?? record
        if let endpoint = Endpoint(record: fresh) {
            table.add(fresh, endpoint: endpoint, now: clock.now())
        }
        return found
    }

    /// TALKREQ: the peer's answer for `protocolName` (empty when it does not speak it).
    public func talk(_ record: NodeRecord, protocolName: String, request payload: [UInt8]) async throws -> [UInt8] {
        let answers = try await request({ .talkRequest(requestID: $0, protocolName: Array(protocolName.utf8), request: payload) }, to: record)
        guard case .talkResponse(_, let response)? = answers.first else { throw Discv5RequestError.timeout }
        return response
    }
}
