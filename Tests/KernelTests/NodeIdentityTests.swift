import Foundation
import Kernel
import Primitives
import Testing

@Suite struct NodeIdentityTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parley-id-\(UUID().uuidString)").path

    @Test func createdOnFirstRunWithOwnerOnlyPermissionsAndStableAfterwards() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try NodeIdentityStore.loadOrCreate(dataDirectory: directory)
        let path = directory + "/node.key"
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let dirAttributes = try FileManager.default.attributesOfItem(atPath: directory)
        #expect((dirAttributes[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        let second = try NodeIdentityStore.loadOrCreate(dataDirectory: directory)
        #expect(first.peerID == second.peerID)
        #expect(first.enode(host: "127.0.0.1", port: 30303).hasPrefix("enode://" + Hex.encode(first.publicKey.raw64)))
    }

    @Test func aMalformedKeyFileIsAClearError() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "not a key".write(toFile: directory + "/node.key", atomically: true, encoding: .utf8)
        #expect {
            try NodeIdentityStore.loadOrCreate(dataDirectory: directory)
        } throws: { "\($0)".contains("not 64 hex characters") && "\($0)".contains("delete it") }
    }

    @Test func anUnreadableKeyFileIsAClearError() throws {
        guard getuid() != 0 else { return try checkUnreadableAsRoot() }
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try NodeIdentityStore.loadOrCreate(dataDirectory: directory)
        chmod(directory + "/node.key", 0)
        #expect { try NodeIdentityStore.loadOrCreate(dataDirectory: directory) } throws: { "\($0)".contains("cannot read the node key") }
    }

    /// root ignores file modes; a directory in the key's place is unreadable as a file for everyone.
    func checkUnreadableAsRoot() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/node.key", withIntermediateDirectories: true)
        #expect { try NodeIdentityStore.loadOrCreate(dataDirectory: directory) } throws: { "\($0)".contains("cannot read the node key") }
    }
}
