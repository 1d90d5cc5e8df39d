import Foundation
import Testing
@testable import Kernel

/// The data directory, `plugins/` and each plugin's directory are 0700 and the node key 0600, also when
/// they already existed with wider modes (issue 19 item 4).
@Suite struct PrivateDirectoryTests {
    func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test func existingWideDirectoriesAndKeyAreMadePrivate() throws {
        let root = try ConfigTestDirectory()
        defer { root.remove() }
        let data = (root.path as NSString).appendingPathComponent("node")
        let plugin = (data as NSString).appendingPathComponent("plugins/store")
        try FileManager.default.createDirectory(atPath: plugin, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        for path in [data, (data as NSString).appendingPathComponent("plugins"), plugin] { chmod(path, 0o755) }
        _ = try NodeIdentityStore.loadOrCreate(dataDirectory: data)
        let key = (data as NSString).appendingPathComponent(NodeIdentityStore.fileName)
        chmod(key, 0o644)
        _ = try NodeIdentityStore.loadOrCreate(dataDirectory: data)
        #expect(try mode(data) == 0o700)
        #expect(try mode(key) == 0o600)

        try PrivateDirectory.ensure(plugin, below: data)
        #expect(try mode(plugin) == 0o700)
        #expect(try mode((data as NSString).appendingPathComponent("plugins")) == 0o700)
        let fresh = (data as NSString).appendingPathComponent("plugins/new/deeper")
        try PrivateDirectory.ensure(fresh, below: data)
        #expect(try mode(fresh) == 0o700)
        #expect(try mode((fresh as NSString).deletingLastPathComponent) == 0o700)
    }
}
