import ChatPayloads
import DataSync
import Foundation
import Primitives
import SecureChannel
import SwiftProtobuf
import WakuCore

/// The lower half of sending: ProtocolMessage → Waku message → envelope (wire-facts §3.5, §2.7, §2.9).
extension Messenger {
    /// Encrypts `payload` (an MVDS payload or an AMM) for every device of `recipient` and posts it: on the
    /// negotiated topic once the shared secret is agreed, else on their partitioned topic (ECIES).
    func deliverDirect(_ payload: [UInt8], to recipient: PublicKey) async throws {
        let encrypted: EncryptedDirectMessage
        do { encrypted = try await encryption.encrypt(payload, to: recipient) } catch { throw MessengerError.transport("\(error)") }
        describe(encrypted.message, to: recipient)
        let who = ChatID.oneToOne(recipient).prefix(12) + "…"
        if encrypted.isNegotiated {
            let topic = try StatusTopic.derive(.negotiated(mine: identity, theirs: recipient))
            trace("topic", "to \(who): negotiated topic \(topic.topic) (AES-256-GCM, key from the shared secret)")
            try await post(encrypted.message, on: topic.topic, .symmetric(topic.symKey!))
        } else {
            let topic = StatusTopic.partitioned(of: recipient)
            trace("topic", "to \(who): partitioned topic \(topic) (\(StatusTopic.partitionedName(of: recipient)), ECIES to the identity key)")
            try await post(encrypted.message, on: topic, .asymmetric(recipient))
        }
        if let own = encrypted.ownDevicesMessage {
            try await post(own, on: StatusTopic.partitioned(of: publicKey), .asymmetric(publicKey))
        }
    }

    /// A ProtocolMessage as a signed Waku message on `topic`.
    func post(_ message: Encryption_ProtocolMessage, on topic: Topic, _ encryption: Encryption) async throws {
        let bytes: [UInt8]
        do { bytes = try message.serializedBytes() } catch { throw MessengerError.transport("cannot encode ProtocolMessage: \(error)") }
        let hash: EnvelopeHash
        do {
            hash = try await sender.post(OutgoingMessage(topic: topic, payload: bytes, encryption: encryption, signer: identity))
        } catch {
            throw MessengerError.transport("\(error)")
        }
        trace("envelope", "envelope \(hash.description.prefix(18))… on \(topic): \(bytes.count) B ProtocolMessage, signed, sealed with PoW, TTL 15 s")
    }

    /// Narrates what the secure-transport layer did.
    private func describe(_ message: Encryption_ProtocolMessage, to recipient: PublicKey) {
        for (installation, direct) in message.directMessage {
            if installation == "none" {
                trace("x3dh", "no bundle known for the recipient: \"none\" fallback (ephemeral ECDH + AES-GCM, no forward secrecy)")
            } else {
                if direct.hasX3DhHeader {
                    trace("x3dh", "X3DH with the recipient's signed pre-key: header carries ephemeral key \(Hex.encode(direct.x3DhHeader.key.prefix(6)))…")
                }
                trace("ratchet", "Double Ratchet message n=\(direct.drHeader.n) pn=\(direct.drHeader.pn) for installation \(installation.prefix(8))…, "
                      + "ratchet key \(Hex.encode(direct.drHeader.key.prefix(6)))…")
            }
        }
    }

    /// Sends what MVDS has due (retransmissions, ACKs, anything not yet sent); call every epoch (300 ms).
    public func flushSync() async {
        let output: TickOutput
        do { output = try await sync.tick() } catch {
            drop("mvds", "tick failed: \(error)")
            return
        }
        await send(output)
    }

    /// Sends MVDS payloads (each ratchet-encrypted to its peer) and reports records given up.
    func send(_ output: TickOutput) async {
        for expired in output.expired { trace("mvds", "gave up on message \(expired.messageID) to \(expired.peer): \(expired.reason)") }
        for outgoing in output.outgoing {
            guard let key = outgoing.peer.publicKey else { continue }
            let payload = outgoing.payload
            trace("mvds", "payload to \(outgoing.peer): \(payload.messages.count) message(s), \(payload.acks.count) ack(s)")
            do { try await deliverDirect(outgoing.bytes, to: key) } catch { drop("mvds", "payload to \(outgoing.peer) not sent: \(error)") }
        }
    }

    /// Publishes our bundle on our contact-code topic (wire-facts §2.9, §3.2), so contacts can start X3DH.
    public func publishContactCode() async throws {
        let wrapped: WrappedApplicationMessage
        do { wrapped = try ApplicationMessage.wrap([], type: .contactCodeAdvertisement, signer: identity) } catch {
            throw MessengerError.transport("\(error)")
        }
        let message: Encryption_ProtocolMessage
        do { message = try await encryption.wrapPublic(wrapped.bytes) } catch { throw MessengerError.transport("\(error)") }
        let code = try StatusTopic.derive(.contactCode(publicKey))
        try await post(message, on: code.topic, .symmetric(code.symKey!))
        trace("contact", "contact code (bundle with signed pre-key) published on \(code.topic)")
        try await database.setSetting("contact-code-published", Array(String(clock.now().timeIntervalSince1970).utf8))
    }

    /// Republishes the contact code when the last one is older than `interval` (status-go: 6 h);
    /// returns false if it was due and could not be posted (no peer yet).
    @discardableResult
    public func republishContactCodeIfDue(interval: TimeInterval = 6 * 3600) async -> Bool {
        let last = (try? await database.setting("contact-code-published")).flatMap { Double(String(decoding: $0, as: UTF8.self)) } ?? 0
        guard clock.now().timeIntervalSince1970 - last >= interval else { return true }
        do {
            try await publishContactCode()
            return true
        } catch {
            return false
        }
    }
}
