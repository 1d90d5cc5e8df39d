import Foundation
import NIOCore
import Primitives

extension Discv5Service {
    static let whoareyouSize = 63

    /// Entry point for every datagram: decode, then route by packet kind. Bad input is counted and dropped.
    func receive(_ bytes: [UInt8], from address: SocketAddress) async {
        traffic.recordIn(bytes: bytes.count)
        guard let endpoint = Endpoint(address) else { return drops.record(.malformedPacket) }
        let packet: Packet
        do { packet = try codec.decode(bytes, localID: localID) } catch { return drops.record(.malformedPacket) }
        switch packet.auth {
        case .message(let source):
            await receiveOrdinary(packet, node: NodeAddress(id: source, endpoint: endpoint), size: bytes.count)
        case .whoareyou(let idNonce, let enrSeq):
            receiveWhoareyou(packet, idNonce: idNonce, enrSeq: enrSeq, from: endpoint)
        case .handshake(let source, let signature, let ephemeralKey, let record):
            await receiveHandshake(packet, node: NodeAddress(id: source, endpoint: endpoint), signature: signature,
                                   ephemeralKey: ephemeralKey, recordBytes: record, size: bytes.count)
        }
    }

    private func receiveOrdinary(_ packet: Packet, node: NodeAddress, size: Int) async {
        if let session = sessions[node], session.expiry > clock.now() {
            for key in [session.readKey] + (session.olderReadKey.map { [$0] } ?? []) {
                if let plaintext = try? MessageCipher.open(key: key, nonce: packet.nonce, ciphertext: packet.messageCiphertext,
                                                           authenticatedData: packet.authenticatedData) {
                    return await deliver(plaintext, from: node)
                }
            }
        }
        // Unknown session (first contact, or the peer lost ours): challenge it, within the amplification budget.
        if sessions[node] != nil { drops.record(.undecryptable) }
        sendWhoareyou(to: node, nonce: packet.nonce, receivedBytes: size)
    }

    private func sendWhoareyou(to node: NodeAddress, nonce: [UInt8], receivedBytes: Int) {
        var budget = unverified[node.endpoint] ?? AmplificationBudget()
        budget.received += receivedBytes
        unverified[node.endpoint] = budget
        if unverified.count > 50_000 { unverified = [node.endpoint: budget] }
        guard budget.sent + Self.whoareyouSize <= budget.received else { return drops.record(.amplificationLimit) }
        if let previous = challenges[node], clock.now().timeIntervalSince(previous.sentAt) < 0.05 {
            return drops.record(.whoareyouRateLimit)
        }
        let known = table.entry(node.id)?.record ?? challenges[node]?.record
        let auth = PacketAuth.whoareyou(idNonce: SecureRandom.bytes(16), enrSeq: known?.seq ?? 0)
        let iv = SecureRandom.bytes(16)
        let header = codec.header(nonce: nonce, auth: auth)
        guard let bytes = try? codec.encode(maskingIV: iv, destinationID: node.id, header: header, messageCiphertext: []) else { return }
        challenges[node] = Challenge(data: iv + header, record: known, sentAt: clock.now())
        if challenges.count > 10_000 { pruneChallenges() }
        transmit(bytes, to: node.endpoint)
    }

    private func receiveWhoareyou(_ packet: Packet, idNonce: [UInt8], enrSeq: UInt64, from endpoint: Endpoint) {
        guard let sent = sentPackets.removeValue(forKey: packet.nonce), sent.node.endpoint == endpoint,
              let remoteKey = sent.record.publicKey else {
            return drops.record(.unsolicitedWhoareyou)
        }
        do {
            let challenge = packet.authenticatedData
            let ephemeral = PrivateKey.generate()
            let ephemeralKey = ephemeral.publicKey.compressed
            let signature = try HandshakeCrypto.signIDNonce(key, challengeData: challenge, ephemeralKey: ephemeralKey, recipientID: sent.node.id)
            let secret = try HandshakeCrypto.sharedSecret(ephemeral, remoteKey)
            let keys = HandshakeCrypto.deriveKeys(secret: secret, initiatorID: localID, recipientID: sent.node.id, challengeData: challenge)
            var session = Session(writeKey: keys.initiatorKey, readKey: keys.recipientKey, expiry: clock.now() + config.sessionLifetime.seconds)
            let nonce = session.nextNonce()
            let record = enrSeq < localRecord.seq ? localRecord.rlpBytes : nil
            let auth = PacketAuth.handshake(sourceID: localID, idSignature: signature, ephemeralKey: ephemeralKey, record: record)
            let iv = SecureRandom.bytes(16)
            let header = codec.header(nonce: nonce, auth: auth)
            let sealed = try MessageCipher.seal(key: keys.initiatorKey, nonce: nonce, plaintext: sent.message.encoded,
                                                authenticatedData: iv + header)
            let bytes = try codec.encode(maskingIV: iv, destinationID: sent.node.id, header: header, messageCiphertext: sealed)
            establish(session, with: sent.node)
            unverified[endpoint] = nil
            transmit(bytes, to: endpoint)
        } catch {
            drops.record(.badHandshake)
        }
    }

    private func receiveHandshake(_ packet: Packet, node: NodeAddress, signature: [UInt8], ephemeralKey: [UInt8],
                                  recordBytes: [UInt8]?, size: Int) async {
        guard let challenge = challenges.removeValue(forKey: node) else { return drops.record(.replayedHandshake) }
        var record = challenge.record
        if let recordBytes {
            guard let sent = try? NodeRecord(rlp: recordBytes, requireValidSignature: true), sent.nodeID == node.id else {
                return drops.record(.badRecord)
            }
            if sent.seq >= (record?.seq ?? 0) { record = sent }
        }
        guard let record, let remoteKey = record.publicKey,
              HandshakeCrypto.verifyIDNonce(signature, by: remoteKey, challengeData: challenge.data, ephemeralKey: ephemeralKey, recipientID: localID),
              let ephemeral = try? PublicKey(bytes: ephemeralKey),
              let secret = try? HandshakeCrypto.sharedSecret(key, ephemeral) else {
            return drops.record(.badHandshake)
        }
        let keys = HandshakeCrypto.deriveKeys(secret: secret, initiatorID: node.id, recipientID: localID, challengeData: challenge.data)
        guard let plaintext = try? MessageCipher.open(key: keys.initiatorKey, nonce: packet.nonce, ciphertext: packet.messageCiphertext,
                                                      authenticatedData: packet.authenticatedData) else {
            return drops.record(.badHandshake)
        }
        establish(Session(writeKey: keys.recipientKey, readKey: keys.initiatorKey, expiry: clock.now() + config.sessionLifetime.seconds), with: node)
        unverified[node.endpoint] = nil
        if Endpoint(record: record) == node.endpoint { table.add(record, endpoint: node.endpoint, now: clock.now()) }
        await deliver(plaintext, from: node)
    }

    private func establish(_ session: Session, with node: NodeAddress) {
        var session = session
        if let current = sessions[node], current.expiry > clock.now() { session.olderReadKey = current.readKey }
        sessions[node] = session
    }

    private func pruneChallenges() {
        let now = clock.now()
        challenges = challenges.filter { now.timeIntervalSince($0.value.sentAt) < 5 }
    }

    func pruneSentPackets() {
        let now = clock.now()
        sentPackets = sentPackets.filter { now.timeIntervalSince($0.value.sentAt) < 5 }
    }
}
