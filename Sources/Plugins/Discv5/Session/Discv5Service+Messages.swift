import Foundation
import Primitives

extension Discv5Service {
    /// Routes a decrypted message: answers requests, matches responses to pending requests.
    func deliver(_ plaintext: [UInt8], from node: NodeAddress) async {
        let message: Discv5Message
        do { message = try Discv5Message(decoding: plaintext) } catch { return drops.record(.malformedMessage) }
        if message.isResponse { return accept(message, from: node) }
        switch message {
        case .ping(let id, let enrSeq):
            send(.pong(requestID: id, enrSeq: localRecord.seq, recipientIP: node.endpoint.ip, recipientPort: node.endpoint.port),
                 to: node, record: nil)
            fetchRecordIfNewer(enrSeq, of: node)
        case .findNode(let id, let distances):
            answerFindNode(id, distances: distances, to: node)
        case .talkRequest(let id, let name, let payload):
            let response = await talkHandlers[name]?(payload, node) ?? []
            send(.talkResponse(requestID: id, response: response), to: node, record: nil)
        default:
            break
        }
    }

    private func accept(_ message: Discv5Message, from node: NodeAddress) {
        guard var request = pending[message.requestID], request.node == node else { return drops.record(.unsolicitedResponse) }
        switch message {
        case .nodes(_, let total, let records):
            let room = config.maxRecordsPerResponse - request.recordCount
            if records.count > room { drops.record(.excessRecords, records.count - max(0, room)) }
            let kept = Array(records.prefix(max(0, room)))
            request.recordCount += kept.count
            request.responses.append(.nodes(requestID: message.requestID, total: total, records: kept))
            let expected = min(Int(max(total, 1)), config.maxNodesMessages)
            if request.responses.count < expected && request.recordCount < config.maxRecordsPerResponse {
                pending[message.requestID] = request
                return
            }
        default:
            request.responses.append(message)
        }
        pending[message.requestID] = nil
        request.timer.cancel()
        request.continuation.resume(returning: request.responses)
    }

    /// NODES with our records at `distances` (distance 0 = our own record), at most 16, packed into
    /// packets that stay under 1280 bytes, `total` = the number of NODES messages.
    private func answerFindNode(_ id: [UInt8], distances: [UInt16], to node: NodeAddress) {
        var records: [[UInt8]] = []
        for distance in Set(distances).sorted() {
            if distance == 0 {
                records.append(localRecord.rlpBytes)
            } else {
                records += table.entries(atDistance: Int(distance)).map(\.record.rlpBytes)
            }
            if records.count >= config.maxRecordsPerResponse { break }
        }
        records = Array(records.prefix(config.maxRecordsPerResponse))
        var groups: [[[UInt8]]] = [[]]
        var size = 0
        for record in records {
            if size + record.count > 1000, !groups[groups.count - 1].isEmpty {
                groups.append([])
                size = 0
            }
            groups[groups.count - 1].append(record)
            size += record.count
        }
        for group in groups {
            send(.nodes(requestID: id, total: UInt8(groups.count), records: group), to: node, record: nil)
        }
    }

    /// A PING carried a seq above the record we table for its sender (it changed its addresses or role):
    /// ask it for its record (FINDNODE at distance 0), in an owned task so the receive path never waits.
    private func fetchRecordIfNewer(_ seq: UInt64, of node: NodeAddress) {
        guard let entry = table.entry(node.id), entry.record.seq < seq, entry.endpoint == node.endpoint,
              recordFetches[node.id] == nil, recordFetches.count < 16 else { return }
        let record = entry.record
        recordFetches[node.id] = Task { [weak self] in
            guard let self else { return }
            _ = try? await self.findNode(record, distances: [0])
            await self.finishFetch(node.id)
        }
    }

    private func finishFetch(_ id: [UInt8]) { recordFetches[id] = nil }
}
