import Foundation
import Testing
@testable import Kernel

/// Start-time `--set` overrides stand across profile switches: settings stay, whole-plugin adds and
/// removals do not, and a plugin setting stands only while the new profile has that plugin.
@Suite struct StandingOverridesTests {
    @Test func settingsStandOnlyForPluginsTheProfileHas() throws {
        let directory = try ConfigTestDirectory()
        defer { directory.remove() }
        let path = try directory.write("light.yaml", """
            name: light
            plugins:
              memory: { name: a }
              static-peers: { peers: [] }
            """)
        let standing = ["memory.name=kept", "relay.rate-limit=5", "relay=", "static-peers=false", "node.peers.max=7"]
        let profile = try ProfileLoader.load(path: path, standing: standing)
        #expect(profile.plugins.map(\.key) == ["memory", "static-peers"], "no plugin is added or removed by a standing override")
        #expect(profile.plugins.first?.config["name"]?.scalar == "kept")
        #expect(profile.node.peers.max == 7)
    }

    @Test func givenOverridesWinAndAddPlugins() throws {
        let directory = try ConfigTestDirectory()
        defer { directory.remove() }
        let path = try directory.write("light.yaml", """
            name: light
            plugins:
              memory: { name: a }
            """)
        let profile = try ProfileLoader.load(path: path, overrides: ["memory.name=given", "static-peers="],
                                             standing: ["memory.name=standing"])
        #expect(profile.plugins.map(\.key) == ["memory", "static-peers"])
        #expect(profile.plugins.first?.config["name"]?.scalar == "given")
    }

    @Test func supersededDropsKeysSetAgain() throws {
        let kept = try StandingOverrides.superseded(["devp2p.port=0", "node.peers.max=4", "static-peers.peers=[a]"],
                                                    by: ["node.peers.max=9", "relay="])
        #expect(kept == ["devp2p.port=0", "static-peers.peers=[a]"])
        #expect(throws: ConfigError.self) { try StandingOverrides.superseded(["no-equals-sign"], by: []) }
    }
}
