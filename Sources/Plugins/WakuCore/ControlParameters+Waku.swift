import Kernel
import Primitives

/// Reading Waku values out of control-method parameters (`--topic`, `--sym-key`, `--password`, `--to`),
/// shared by `waku.post`, `waku.watch` (plugins in WakuProtocol) and `waku.history` (WakuStore).
extension Dictionary where Key == String, Value == String {
    /// `topic`: 4-byte hex (`0x1234abcd`).
    public func topic() throws -> Topic {
        let text = try required("topic")
        do { return try Topic(hex: text) } catch { throw ControlParameterError("--topic: \(error)") }
    }

    /// The symmetric key from `sym-key` (32 bytes hex) or `password` (PBKDF2, wire-facts §2.8), if either is given.
    public func symmetricKey() throws -> SymKey? {
        if let hex = self["sym-key"] {
            guard let bytes = try? Hex.decode(hex.hasPrefix("0x") ? String(hex.dropFirst(2)) : hex), let key = try? SymKey(bytes: bytes) else {
                throw ControlParameterError("--sym-key must be 32 bytes of hex")
            }
            return key
        }
        if let password = self["password"] {
            do { return try SymKey(password: password) } catch { throw ControlParameterError("--password: \(error)") }
        }
        return nil
    }

    /// How to encrypt an outgoing message: `to` (recipient public key, hex) or a symmetric key.
    public func encryption() throws -> Encryption {
        if let to = self["to"] {
            guard let bytes = try? Hex.decode(to.hasPrefix("0x") ? String(to.dropFirst(2)) : to), let key = try? PublicKey(bytes: bytes) else {
                throw ControlParameterError("--to must be a secp256k1 public key in hex (0x04…, 0x02…/0x03…)")
            }
            return .asymmetric(key)
        }
        guard let key = try symmetricKey() else { throw ControlParameterError("say how to encrypt: --sym-key HEX, --password TEXT or --to KEY") }
        return .symmetric(key)
    }

    /// Keys to open received messages with: the symmetric key if given, and the node key (messages sent to it).
    public func openingKeys(nodeKey: PrivateKey) throws -> [KeySpec] {
        var keys: [KeySpec] = []
        if let key = try symmetricKey() { keys.append(.symmetric(key)) }
        keys.append(.asymmetric(nodeKey))
        return keys
    }
}

extension ReceivedMessage {
    /// The message as the CLI prints it.
    public var controlValue: ControlValue {
        var object: [String: ControlValue] = [
            "hash": .string(envelope.hash.description), "topic": .string(envelope.topic.description),
            "sent": .number(Double(envelope.sent)), "ttl": .number(Double(envelope.ttl)),
            "payload": .string(String(decoding: payload, as: UTF8.self)), "payloadHex": .string(Hex.encode(payload)),
        ]
        if let signer { object["signer"] = .string("0x" + Hex.encode(signer.uncompressed)) }
        switch origin {
        case .local: object["origin"] = .string("local")
        case .relay(let peer): object["origin"] = .string("relay:" + Hex.encode(peer.prefix(8)))
        case .history(let peer): object["origin"] = .string("history:" + Hex.encode(peer.prefix(8)))
        }
        return .object(object)
    }
}
