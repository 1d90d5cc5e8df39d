import Foundation
import Testing
@testable import Kernel

@Suite struct ProfileTests {
    @Test func loadsAProfileFile() throws {
        let directory = try ConfigTestDirectory()
        defer { directory.remove() }
        let path = try directory.write("full.yaml", """
            name: full-node
            node:
              data-dir: /tmp/x
              log-level: debug
              peers: { target: 4, max: 10 }
              grace-period-seconds: 2.5
              control-socket: /tmp/x.sock
            plugins:
              memory: { name: a }
              static-peers:
                peers: ["memory://b"]
              relay:
            """)
        let profile = try ProfileLoader.load(path: path)
        #expect(profile.name == "full-node")
        #expect(profile.sourcePath == path)
        #expect(profile.node.dataDir == "/tmp/x")
        #expect(profile.node.logLevel == "debug")
        #expect(profile.node.peers == PeerLimits(target: 4, max: 10))
        #expect(profile.node.gracePeriodSeconds == 2.5)
        #expect(profile.node.controlSocket == "/tmp/x.sock")
        #expect(profile.plugins.map(\.key) == ["memory", "static-peers", "relay"])
        let relay = try #require(profile.plugin("relay"))
        #expect(relay.config.entries?.isEmpty == true)
        #expect(relay.config.keyMark == SourceMark(file: path, line: 12, column: 3))
        #expect(profile.plugin("static-peers")?.config["peers"]?.items?.first?.path == "plugins.static-peers.peers[0]")
        #expect(profile.root["name"]?.scalar == "full-node")
    }

    @Test func defaultsWhenSectionsAreMissing() throws {
        let profile = try ProfileLoader.parse(text: "plugins:\n  memory:\n", file: "profiles/light.yaml")
        #expect(profile.name == "light")
        #expect(profile.sourcePath == nil)
        #expect(profile.node == NodeSettings())
        #expect(profile.node.peers == PeerLimits(target: 8, max: 16))
        let empty = try ProfileLoader.parse(text: "", file: "empty.yaml")
        #expect(empty.name == "empty")
        #expect(empty.plugins.isEmpty)
    }

    @Test func peerLimitDefaultsAdaptToTheOtherValue() throws {
        #expect(try ProfileLoader.parse(text: "node: { peers: { max: 4 } }", file: "p.yaml").node.peers == PeerLimits(target: 4, max: 4))
        #expect(try ProfileLoader.parse(text: "node: { peers: { target: 20 } }", file: "p.yaml").node.peers == PeerLimits(target: 20, max: 20))
        let error = try #require(configError { try ProfileLoader.parse(text: "node:\n  peers: { target: 5, max: 3 }\n", file: "p.yaml") })
        #expect(error.description == "p.yaml:2:20: node.peers.target: target 5 is larger than max 3; raise max or lower target")
        let zero = try #require(configError { try ProfileLoader.parse(text: "node: { peers: { max: 0 } }", file: "p.yaml") })
        #expect(zero.path == "node.peers.max")
    }

    @Test func nodeSettingsAreValidatedWithMarks() throws {
        let level = try #require(configError { try ProfileLoader.parse(text: "node:\n  log-level: verbose\n", file: "n.yaml") })
        #expect(level.path == "node.log-level")
        #expect(level.mark == SourceMark(file: "n.yaml", line: 2, column: 14))
        #expect(level.message.contains("expected one of trace, debug, info, notice, warning, error, critical"))
        let typo = try #require(configError { try ProfileLoader.parse(text: "node:\n  data_dir: /x\n", file: "n.yaml") })
        #expect(typo.path == "node.data_dir")
        #expect(typo.message.contains("did you mean 'data-dir'?"))
        let grace = try #require(configError { try ProfileLoader.parse(text: "node: { grace-period-seconds: -1 }", file: "n.yaml") })
        #expect(grace.path == "node.grace-period-seconds")
    }

    @Test func unknownTopLevelKeysSuggestTheRightOne() throws {
        let error = try #require(configError { try ProfileLoader.parse(text: "name: x\nplugin:\n  memory:\n", file: "t.yaml") })
        #expect(error.mark == SourceMark(file: "t.yaml", line: 2, column: 1))
        #expect(error.message.hasPrefix("unknown top-level key 'plugin' — did you mean 'plugins'?"))
        let list = try #require(configError { try ProfileLoader.parse(text: "- a\n", file: "t.yaml") })
        #expect(list.message.hasPrefix("this is not a Parley profile"))
        let plugin = try #require(configError { try ProfileLoader.parse(text: "plugins:\n  memory: [a]\n", file: "t.yaml") })
        #expect(plugin.path == "plugins.memory")
        #expect(plugin.message.contains("expected the settings of plugin 'memory' as a mapping"))
    }

    @Test func extendsMergesDeeplyRemovesAndKeepsOrder() throws {
        let directory = try ConfigTestDirectory()
        defer { directory.remove() }
        try directory.write("base/light.yaml", """
            name: light
            node:
              log-level: warning
              peers: { target: 2, max: 4 }
            plugins:
              memory: { name: a, buffers: [1, 2] }
              static-peers: { peers: ["memory://hub"] }
              light-mode:
            """)
        let full = try directory.write("roles/full.yaml", """
            extends: ../base/light.yaml
            node:
              peers: { max: 8 }
            plugins:
              light-mode: false
              memory: { buffers: [3] }
              relay:
              static-peers:
            """)
        let profile = try ProfileLoader.load(path: full)
        #expect(profile.name == "full")
        #expect(profile.node.logLevel == "warning")
        #expect(profile.node.peers == PeerLimits(target: 2, max: 8))
        #expect(profile.plugins.map(\.key) == ["memory", "static-peers", "relay"])
        let memory = try #require(profile.plugin("memory")?.config)
        #expect(memory["name"]?.scalar == "a")
        #expect(memory["buffers"]?.items?.map { $0.scalar } == ["3"])
        #expect(memory["buffers"]?.path == "plugins.memory.buffers")
        #expect(memory["name"]?.mark?.file.hasSuffix("base/light.yaml") == true)
        #expect(profile.plugin("static-peers")?.config["peers"]?.items?.count == 1)
    }

    @Test func bareNamesResolveNextToTheExtendingFile() throws {
        let directory = try ConfigTestDirectory()
        defer { directory.remove() }
        try directory.write("p/light.yaml", "plugins:\n  memory: { name: a }\n")
        try directory.write("p/mid.yml", "extends: light\nplugins:\n  relay:\n")
        let top = try directory.write("p/top.yaml", "extends: mid\nname: top\n")
        let profile = try ProfileLoader.load(path: top)
        #expect(profile.name == "top")
        #expect(profile.plugins.map(\.key) == ["memory", "relay"])
        let parsed = try ProfileLoader.parse(text: "extends: light\n", file: "inline.yaml", baseDirectory: directory.path + "/p")
        #expect(parsed.plugins.map(\.key) == ["memory"])
    }

    @Test func extendsCyclesNameTheChain() throws {
        let directory = try ConfigTestDirectory()
        defer { directory.remove() }
        let a = try directory.write("a.yaml", "extends: b\n")
        try directory.write("b.yaml", "plugins: {}\nextends: ./a.yaml\n")
        let error = try #require(configError { try ProfileLoader.load(path: a) })
        #expect(error.message.contains("cycle: \(a) → \(directory.path)/b.yaml → \(directory.path)/./a.yaml"), "\(error)")
        #expect(error.mark == SourceMark(file: directory.path + "/b.yaml", line: 2, column: 10))
        let selfish = try directory.write("self.yaml", "extends: self\n")
        #expect(configError { try ProfileLoader.load(path: selfish) }?.message.contains("cycle") == true)
    }

    @Test func extendsChainsAreBounded() throws {
        let directory = try ConfigTestDirectory()
        defer { directory.remove() }
        for index in 0..<30 { try directory.write("p\(index).yaml", "extends: p\(index + 1)\n") }
        try directory.write("p30.yaml", "")
        let error = try #require(configError { try ProfileLoader.load(path: directory.path + "/p0.yaml") })
        #expect(error.message.contains("limited to 16 profiles"))
    }

    @Test func aMissingParentIsReportedAtTheExtendsLine() throws {
        let directory = try ConfigTestDirectory()
        defer { directory.remove() }
        let child = try directory.write("child.yaml", "name: c\nextends: lite\n")
        let error = try #require(configError { try ProfileLoader.load(path: child) })
        #expect(error.mark == SourceMark(file: child, line: 2, column: 10))
        #expect(error.message.contains("cannot extend 'lite': cannot read '\(directory.path)/lite.yaml': No such file or directory"))
        #expect(error.message.contains("lite.yaml next to this file"))
    }

    @Test func errorsInsideTheParentPointIntoTheParent() throws {
        let directory = try ConfigTestDirectory()
        defer { directory.remove() }
        let parent = try directory.write("parent.yaml", "node:\n  peers: { max: many }\n")
        let child = try directory.write("child.yaml", "extends: parent\n")
        let error = try #require(configError { try ProfileLoader.load(path: child) })
        #expect(error.mark == SourceMark(file: parent, line: 2, column: 17))
        #expect(error.path == "node.peers.max")
    }

    @Test func overridesSetScalarsListsNodeSettingsAndNewPlugins() throws {
        let text = "name: base\nplugins:\n  devp2p: { port: 30303 }\n  static-peers:\n  gone: {}\n"
        let profile = try ProfileLoader.parse(text: text, file: "base.yaml", overrides: [
            "devp2p.port=30304",
            "static-peers.peers=[enode://a@1.2.3.4:1, \"memory://b\"]",
            "node.peers.max=4",
            "node.log-level=debug",
            "relay.tag=x",
            "store=",
            "gone=false",
            "plugins.devp2p.listen=true",
            "name=switched",
        ])
        #expect(profile.name == "switched")
        #expect(profile.node.peers == PeerLimits(target: 4, max: 4))
        #expect(profile.node.logLevel == "debug")
        #expect(profile.plugins.map(\.key) == ["devp2p", "static-peers", "relay", "store"])
        let devp2p = try #require(profile.plugin("devp2p")?.config)
        #expect(devp2p["port"]?.scalar == "30304")
        #expect(devp2p["port"]?.mark == SourceMark(file: "--set", line: 1, column: 13))
        #expect(devp2p["listen"]?.scalar == "true")
        let peers = try #require(profile.plugin("static-peers")?.config["peers"]?.items)
        #expect(peers.map(\.scalar) == ["enode://a@1.2.3.4:1", "memory://b"])
        #expect(peers[1].path == "plugins.static-peers.peers[1]")
        #expect(profile.plugin("relay")?.config["tag"]?.scalar == "x")
        #expect(profile.plugin("store")?.config.entries?.isEmpty == true)
    }

    @Test func overrideValuesAreCheckedWithTheirColumn() throws {
        let typed = try #require(configError { try ProfileLoader.parse(text: "", file: "x.yaml", overrides: ["node.peers.max=abc"]) })
        #expect(typed.description == "--set:1:16: node.peers.max: expected an integer in -9223372036854775808…9223372036854775807, got \"abc\"")
        let yaml = try #require(configError { try ProfileLoader.parse(text: "", file: "x.yaml", overrides: ["a.b=[1, 2"]) })
        #expect(yaml.message.hasPrefix("--set 'a.b=[1, 2': the value is not valid YAML"))
        #expect(yaml.mark?.file == "--set")
        let unknown = try #require(configError { try ProfileLoader.parse(text: "", file: "x.yaml", overrides: ["node.max-peers=3"]) })
        #expect(unknown.path == "node.max-peers")
        #expect(unknown.mark == SourceMark(file: "--set", line: 1, column: 6))
    }

    @Test func malformedOverridesAreRejected() throws {
        for (text, fragment) in [
            ("devp2p.port", "expected key=value"),
            ("=3", "the key before '=' is empty"),
            ("devp2p..port=3", "empty part"),
            ("extends=light", "cannot be overridden"),
        ] {
            let error = try #require(configError { try ProfileLoader.parse(text: "", file: "x.yaml", overrides: [text]) })
            #expect(error.message.contains(fragment), "\(text): \(error)")
        }
        let intoScalar = try #require(configError {
            try ProfileLoader.parse(text: "plugins:\n  relay: { tag: x }\n", file: "x.yaml", overrides: ["relay.tag.deep=1"])
        })
        #expect(intoScalar.message.contains("cannot set 'deep' inside 'plugins.relay.tag'"))
        let badPlugin = try #require(configError { try ProfileLoader.parse(text: "", file: "x.yaml", overrides: ["relay=5"]) })
        #expect(badPlugin.path == "plugins.relay")
    }
}
