/// Encrypts the message bodies a `SQLiteDataSyncStore` keeps until they are acknowledged, so no
/// message content is written in clear. The messenger passes the chat database's cipher (the
/// account's database key); `binding` ties a sealed value to its row, so it cannot be moved to another.
public protocol DataSyncBodySealer: Sendable {
    /// The stored form of `plaintext`.
    func seal(_ plaintext: [UInt8], binding: String) -> [UInt8]
    /// The plaintext, or nil when the key is wrong or the value was altered or moved.
    func open(_ sealed: [UInt8], binding: String) -> [UInt8]?
}
