import Primitives

/// How a message is encrypted for sending (wire-facts §2.6).
public enum Encryption: Sendable, Equatable {
    /// AES-256-GCM under a shared key (public chats, contact code, negotiated topics, mailserver).
    case symmetric(SymKey)
    /// ECIES to the recipient's identity key (partitioned and discovery topics).
    case asymmetric(PublicKey)
}

/// A key a receiver tries when opening envelopes.
public enum KeySpec: Sendable, Equatable, Hashable {
    /// A symmetric key (from a chat name, contact code, negotiated secret…).
    case symmetric(SymKey)
    /// The receiver's private key for asymmetric messages.
    case asymmetric(PrivateKey)

    /// Hashes the public key of a private key (`PrivateKey` is not `Hashable`); equality compares the secrets.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .symmetric(let key): hasher.combine(0); hasher.combine(key)
        case .asymmetric(let key): hasher.combine(1); hasher.combine(key.publicKey)
        }
    }
}

/// A successfully opened message: decrypted, parsed, signer recovered.
public struct OpenedMessage: Sendable, Equatable {
    /// The application payload.
    public let payload: [UInt8]
    /// The padding found in the data field.
    public let padding: [UInt8]
    /// The key recovered from the data-field signature; `nil` if unsigned.
    public let signer: PublicKey?
    /// The key that decrypted the message.
    public let key: KeySpec
    /// Index of `key` in the list given to `Message.open`.
    public let keyIndex: Int
}

/// Sealing payloads into envelope data and opening envelope data by trial decryption (wire-facts §2.5, §2.6).
///
/// `seal` = data field (flags, size, payload, padding, signature) → AES-256-GCM or ECIES.
/// `open` tries each key in order, as status-go tries every filter of a topic, and parses the
/// first plaintext that authenticates.
public enum Message {
    /// Builds the encrypted data field of an envelope.
    ///
    /// - Parameters:
    ///   - payload: application bytes (below 16 MiB; envelopes above 1 MiB are rejected by default).
    ///   - encryption: symmetric key or recipient public key.
    ///   - signer: signs the data field (Status signs every envelope with the identity key).
    ///   - padding: exact padding, for tests; `nil` pads randomly to a multiple of 256.
    public static func seal(payload: [UInt8], to encryption: Encryption, signWith signer: PrivateKey? = nil,
                            padding: [UInt8]? = nil) throws(MessageError) -> [UInt8] {
        let field: [UInt8]
        do { field = try DataField.build(payload: payload, signer: signer, padding: padding) } catch { throw .dataField(error) }
        switch encryption {
        case .symmetric(let key):
            do { return try SymmetricCipher.encrypt(field, key: key) } catch { throw .encryptionFailed("\(error)") }
        case .asymmetric(let recipient):
            do { return try ECIES.encrypt(field, to: recipient) } catch { throw .encryptionFailed("\(error)") }
        }
    }

    /// Opens envelope data with the first key (in order) that decrypts it.
    ///
    /// Symmetric keys are skipped for data shorter than 28 bytes; private keys for data that is not
    /// an ECIES message (shorter than 113 bytes or not starting with 0x04).
    ///
    /// - Throws: `.noMatchingKey` if no key decrypts the data (not addressed to us, or tampered);
    ///   `.dataField` if a key decrypts it but the plaintext is not a valid data field.
    public static func open(_ data: [UInt8], with keys: [KeySpec]) throws(MessageError) -> OpenedMessage {
        let symmetricCandidate = data.count >= SymmetricCipher.overhead
        let asymmetricCandidate = data.count >= ECIES.overhead && data.first == 0x04
        for (index, key) in keys.enumerated() {
            let plaintext: [UInt8]
            switch key {
            case .symmetric(let symKey):
                guard symmetricCandidate, let opened = try? SymmetricCipher.decrypt(data, key: symKey) else { continue }
                plaintext = opened
            case .asymmetric(let privateKey):
                guard asymmetricCandidate, let opened = try? ECIES.decrypt(data, with: privateKey) else { continue }
                plaintext = opened
            }
            let parsed: ParsedDataField
            do { parsed = try DataField.parse(plaintext) } catch { throw .dataField(error) }
            return OpenedMessage(payload: parsed.payload, padding: parsed.padding, signer: parsed.signer,
                                 key: key, keyIndex: index)
        }
        throw .noMatchingKey(tried: keys.count)
    }
}

/// Why a message could not be sealed or opened.
public enum MessageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Building or parsing the data field failed.
    case dataField(DataFieldError)
    /// Encryption failed (message included).
    case encryptionFailed(String)
    /// None of the keys decrypts the data: addressed to someone else, or altered.
    case noMatchingKey(tried: Int)

    public var description: String {
        switch self {
        case .dataField(let error): return "\(error)"
        case .encryptionFailed(let reason): return "encrypting the data field failed: \(reason)"
        case .noMatchingKey(let tried):
            return "none of the \(tried) key(s) decrypts the envelope data (not addressed to us, or altered)"
        }
    }
}
