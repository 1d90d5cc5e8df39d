import Primitives

/// Base58 with a 4-byte double-SHA-256 checksum (xprv/xpub serialisation, wire-facts §6.2).
enum Base58Check {
    static func encode(_ payload: [UInt8]) -> String {
        Base58.encode(payload + SHA2.sha256(SHA2.sha256(payload)).prefix(4))
    }

    /// The payload, after checking the checksum. `maximumLength` bounds the (quadratic) decode.
    static func decode(_ text: String, maximumLength: Int = 128) throws -> [UInt8] {
        guard text.utf8.count <= maximumLength else { throw ExtendedKeyError.wrongLength(text.utf8.count) }
        let bytes: [UInt8]
        do {
            bytes = try Base58.decode(text)
        } catch let error as Base58Error {
            throw ExtendedKeyError.notBase58(error.description)
        }
        guard bytes.count >= 4 else { throw ExtendedKeyError.wrongLength(bytes.count) }
        let payload = Array(bytes.dropLast(4))
        guard SHA2.sha256(SHA2.sha256(payload)).prefix(4).elementsEqual(bytes.suffix(4)) else {
            throw ExtendedKeyError.badChecksum
        }
        return payload
    }
}
