import Foundation
import Primitives
import WakuCore

func unixNow() -> UInt32 { UInt32(Date().timeIntervalSince1970) }

/// A signed, symmetric envelope on `topic`, sent at `sent` (default now), with a cheap PoW.
func storeEnvelope(_ text: String, topic: Topic, sent: UInt32? = nil, ttl: UInt32 = 50, key: SymKey? = nil) throws -> Envelope {
    let key = try key ?? SymKey(bytes: [UInt8](repeating: 7, count: 32))
    let data = try Message.seal(payload: Array(text.utf8), to: .symmetric(key), signWith: PrivateKey.generate())
    return try Envelope(ttl: ttl, topic: topic, data: data, now: sent ?? unixNow()).sealed(target: 0.00001, timeBudget: .seconds(5))
}

/// A fresh temp directory for one test's files.
func temporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-store-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
