import Primitives
import WakuCore

/// A history request as it travels in code 126 (wire-facts §2.10.2): a Waku envelope on topic `00000000`,
/// TTL 50, symmetric key from the mailserver password, data field signed with the devp2p node key,
/// carrying a `MessagesRequestPayload`; the request id is the envelope hash. The direct form
/// `rlp([ID(32), From, To, Limit, Cursor, Bloom(64), Topics])` is accepted too.
public struct MailserverRequest: Sendable, Equatable {
    /// Answers refer to the request by this id (the envelope hash, or the direct form's ID).
    public let id: EnvelopeHash
    public let payload: MessagesRequestPayload
    /// Who signed the request envelope (nil for the direct form).
    public let signer: PublicKey?

    /// The request envelope a client sends: signed by `nodeKey`, sealed to `pow` within `workTime`.
    public static func envelope(for payload: MessagesRequestPayload, nodeKey: PrivateKey, key: SymKey, now: UInt32,
                                pow: Double, workTime: Duration = .seconds(5)) throws -> Envelope {
        let data = try Message.seal(payload: payload.encoded(), to: .symmetric(key), signWith: nodeKey)
        return try Envelope(ttl: WakuConstants.defaultTTL, topic: .zero, data: data, now: now).sealed(target: pow, timeBudget: workTime)
    }

    /// Decodes a code-126 payload as a server does: the envelope form first, then the direct form.
    public init(decoding packet: [UInt8], key: SymKey, minimumPoW: Double) throws(StoreRequestError) {
        if let envelope = try? Envelope(decoding: packet) {
            let pow = envelope.proofOfWork()
            guard pow >= minimumPoW else { throw .insufficientPoW(found: pow, required: minimumPoW) }
            let opened: OpenedMessage
            do { opened = try Message.open(envelope.data, with: [.symmetric(key)]) } catch { throw .undecryptable }
            guard let signer = opened.signer else { throw .unsigned }
            self.id = envelope.hash
            self.payload = try MessagesRequestPayload(decoding: opened.payload)
            self.signer = signer
            return
        }
        do {
            let fields = try RLP.decodeList(packet)
            guard fields.count == 7, let id = EnvelopeHash(bytes: try fields[0].asBytes(count: 32)) else {
                throw StoreRequestError.malformed("neither a request envelope nor a 7-field MessagesRequest")
            }
            let cursorBytes = try fields[4].asBytes()
            let bloomBytes = try fields[5].asBytes()
            self.id = id
            self.payload = MessagesRequestPayload(
                lower: try fields[1].asUInt(UInt32.self), upper: try fields[2].asUInt(UInt32.self),
                bloom: bloomBytes.isEmpty ? .empty : try Bloom(bytes: bloomBytes),
                topics: try fields[6].asList().map { try Topic(bytes: try $0.asBytes()) },
                limit: try fields[3].asUInt(UInt32.self),
                cursor: cursorBytes.isEmpty ? nil : try HistoryCursor(bytes: cursorBytes), batch: true)
            self.signer = nil
        } catch let error as StoreRequestError {
            throw error
        } catch let error as HistoryQueryError {
            throw .invalid(error)
        } catch {
            throw .malformed("neither a request envelope nor a MessagesRequest: \(error)")
        }
    }
}
