import Testing
@testable import Kernel

/// Settings of the probe plugins used by these tests.
private struct ProbeConfig: Decodable, Sendable, Equatable {
    var port: UInt16 = 1
    var tag: String = ""

    enum CodingKeys: String, CodingKey { case port, tag }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        port = try c.decodeIfPresent(UInt16.self, forKey: .port) ?? 1
        tag = try c.decodeIfPresent(String.self, forKey: .tag) ?? ""
    }
}

/// A plugin that does nothing; only its descriptor matters to the planner.
private struct ProbePlugin: NodePlugin {
    let descriptor: PluginDescriptor
    func prepare(_ context: PluginContext) async throws {}
}

private struct BuildRefused: Error, CustomStringConvertible {
    var description: String { "port 9 is reserved" }
}

private func probe(_ key: String, provides: [Capability] = [], requires: [Capability] = []) -> any PluginFactory {
    let descriptor = PluginDescriptor(key: key, summary: "probe \(key)", provides: provides, requires: requires)
    return TypedPluginFactory(descriptor, config: ProbeConfig.self) { config in
        if config.port == 9 { throw BuildRefused() }
        return ProbePlugin(descriptor: descriptor)
    }
}

@Suite struct PlanTests {
    let registry: PluginRegistry = {
        var registry = PluginRegistry()
        registry.register(probe("memory", provides: [.transport, "transport.memory"]))
        registry.register(probe("devp2p", provides: [.transport, "transport.devp2p"]))
        registry.register(probe("static-peers", provides: [.discovery], requires: [.transport]))
        registry.register(probe("relay", provides: ["relay"], requires: [.transport]))
        registry.register(probe("store", provides: ["store"], requires: ["relay", .transport]))
        registry.register(probe("messenger", requires: ["store", .discovery]))
        registry.register(probe("echo-a", provides: ["a"], requires: ["b"]))
        registry.register(probe("echo-b", provides: ["b"], requires: ["c"]))
        registry.register(probe("echo-c", provides: ["c"], requires: ["a"]))
        registry.register(probe("loner"))
        return registry
    }()

    func profile(_ text: String, name: String = "p.yaml", overrides: [String] = []) throws -> Profile {
        try ProfileLoader.parse(text: text, file: name, overrides: overrides)
    }

    func planError(_ body: () throws -> LifecyclePlan) -> PlanError? {
        do {
            _ = try body()
            Issue.record("expected a PlanError")
        } catch let error as PlanError {
            return error
        } catch {
            Issue.record("expected a PlanError, got \(error)")
        }
        return nil
    }

    @Test func registryListsDescriptorsAndProviders() throws {
        #expect(registry.descriptors.map(\.key) == ["devp2p", "echo-a", "echo-b", "echo-c", "loner", "memory", "messenger",
                                                    "relay", "static-peers", "store"])
        #expect(registry.providers(of: .transport).map(\.key) == ["devp2p", "memory"])
        #expect(try registry.factory(named: "relay").descriptor.key == "relay")
    }

    @Test func dependenciesStartFirstAndTiesKeepProfileOrder() throws {
        let plan = try LifecyclePlan.make(profile: profile("""
            plugins:
              messenger:
              loner:
              store:
              static-peers:
              relay:
              memory:
              devp2p:
            """), registry: registry)
        #expect(plan.order.map(\.key) == ["loner", "memory", "devp2p", "static-peers", "relay", "store", "messenger"])
        #expect(plan.stopOrder.map(\.key) == ["messenger", "store", "relay", "static-peers", "devp2p", "memory", "loner"])
        #expect(plan.planned("store")?.dependencies == ["relay", "memory", "devp2p"])
        #expect(plan.planned("messenger")?.dependencies == ["store", "static-peers"])
        #expect(plan.planned("memory")?.dependencies == [])
        #expect(plan.planned("relay")?.descriptor.provides == ["relay"])
    }

    @Test func aPluginProvidingWhatItRequiresDoesNotDependOnItself() throws {
        var registry = self.registry
        registry.register(probe("bridge", provides: [.transport], requires: [.transport]))
        let plan = try LifecyclePlan.make(profile: profile("plugins:\n  bridge:\n  memory:\n"), registry: registry)
        #expect(plan.planned("bridge")?.dependencies == ["memory"])
        #expect(plan.order.map(\.key) == ["memory", "bridge"])
        let alone = try LifecyclePlan.make(profile: profile("plugins:\n  bridge:\n"), registry: registry)
        #expect(alone.planned("bridge")?.dependencies == [])
    }

    @Test func unknownPluginsSuggestANearName() throws {
        let error = try #require(planError {
            try LifecyclePlan.make(profile: profile("name: full\nplugins:\n  memory:\n  static-peer:\n", name: "full.yaml"),
                                   registry: registry)
        })
        #expect(error == .unknownPlugin(name: "static-peer", suggestions: ["static-peers"],
                                        mark: SourceMark(file: "full.yaml", line: 4, column: 3)))
        #expect(error.description == "unknown plugin 'static-peer' at full.yaml:4:3 — did you mean 'static-peers'? "
            + "Run `parley plugins` to list them")
        let far = try #require(planError { try LifecyclePlan.make(profile: profile("plugins: { zzz: }"), registry: registry) })
        #expect(far.description.hasPrefix("unknown plugin 'zzz' at p.yaml:1:12; run `parley plugins`"))
    }

    @Test func missingCapabilitiesListTheRegisteredProviders() throws {
        let error = try #require(planError {
            try LifecyclePlan.make(profile: profile("name: x\nplugins:\n  static-peers: { tag: a }\n"), registry: registry)
        })
        #expect(error == .missingCapability(plugin: "static-peers", capability: .transport, profile: "x",
                                            providers: ["devp2p", "memory"], mark: SourceMark(file: "p.yaml", line: 3, column: 3)))
        #expect(error.description == "p.yaml:3:3: plugin 'static-peers' requires 'transport' but no plugin in profile 'x' "
            + "provides it; add one of: devp2p, memory")
    }

    @Test func cyclesAreNamedInOrder() throws {
        let error = try #require(planError {
            try LifecyclePlan.make(profile: profile("plugins:\n  loner:\n  echo-b:\n  echo-c:\n  echo-a:\n"), registry: registry)
        })
        #expect(error == .dependencyCycle(["echo-b", "echo-c", "echo-a", "echo-b"]))
        #expect(error.description.contains("echo-b → echo-c → echo-a → echo-b"))
    }

    @Test func invalidPluginSettingsAreWrappedWithTheirLocation() throws {
        let error = try #require(planError {
            try LifecyclePlan.make(profile: profile("plugins:\n  memory: { port: abc }\n"), registry: registry)
        })
        guard case .invalidConfig(let plugin, let config) = error else {
            Issue.record("expected invalidConfig, got \(error)")
            return
        }
        #expect(plugin == "memory")
        #expect(config.path == "plugins.memory.port")
        #expect(error.description == "p.yaml:2:19: plugins.memory.port: expected an integer in 0…65535, got \"abc\"")
        let unknown = try #require(planError {
            try LifecyclePlan.make(profile: profile("plugins:\n  memory:\n", overrides: ["memory.prot=3"]), registry: registry)
        })
        #expect(unknown.description.hasPrefix("--set:1:8: plugins.memory.prot: unknown key 'prot' — did you mean 'port'?"))
        let refused = try #require(planError {
            try LifecyclePlan.make(profile: profile("plugins:\n  memory: { port: 9 }\n"), registry: registry)
        })
        #expect(refused.description == "p.yaml:2:3: plugins.memory: plugin 'memory' rejected its settings: port 9 is reserved")
    }

    @Test func theFirstProblemInProfileOrderWins() throws {
        // An unknown plugin after a plugin with a missing capability: names and settings are
        // checked for every plugin before any requirement.
        let error = try #require(planError {
            try LifecyclePlan.make(profile: profile("plugins:\n  relay:\n  memory: { port: x }\n  nope:\n"), registry: registry)
        })
        guard case .invalidConfig(let plugin, _) = error else {
            Issue.record("expected invalidConfig, got \(error)")
            return
        }
        #expect(plugin == "memory")
        let second = try #require(planError {
            try LifecyclePlan.make(profile: profile("plugins:\n  store:\n  echo-a:\n"), registry: registry)
        })
        #expect(second == .missingCapability(plugin: "store", capability: "relay", profile: "p", providers: ["relay"],
                                             mark: SourceMark(file: "p.yaml", line: 2, column: 3)))
    }

    @Test func diffSeparatesKeptAddedRemovedAndChanged() throws {
        let light = try LifecyclePlan.make(profile: profile("""
            plugins:
              memory: { port: 5 }
              static-peers: { tag: a }
              loner:
              devp2p:
            """), registry: registry)
        let full = try LifecyclePlan.make(profile: profile("""
            plugins:
              relay:
              devp2p: {}
              memory: { port: 5, tag: "" }
              static-peers:
                tag: b
              store:
            """), registry: registry)
        let diff = light.diff(to: full)
        // memory only writes out its default tag: the decoded settings are equal, so it is kept.
        #expect(diff.kept == ["devp2p", "memory"])
        #expect(diff.changed == ["static-peers"])
        #expect(diff.added == ["relay", "store"])
        #expect(diff.removed == ["loner"])
        #expect(!diff.isEmpty)
        #expect(light.diff(to: light).isEmpty)
        #expect(light.diff(to: light).kept == ["memory", "loner", "devp2p", "static-peers"])
    }

    @Test func renderedPlanShowsOrderCapabilitiesAndSettings() throws {
        let plan = try LifecyclePlan.make(profile: profile("""
            name: demo
            node: { peers: { target: 2, max: 4 } }
            plugins:
              static-peers: { tag: "memory://hub" }
              memory:
            """), registry: registry)
        let text = plan.rendered()
        #expect(text.contains("profile 'demo'"))
        #expect(text.contains("peers: target 2, max 4"))
        #expect(text.contains("grace-period-seconds: 5\n"))
        #expect(text.contains("""
              1. memory
                 provides: transport, transport.memory
                 requires: -
                 starts after: -
                 config: (defaults)
              2. static-peers
                 provides: discovery
                 requires: transport
                 starts after: memory
                 config:
                   tag: memory://hub
            """), "\(text)")
    }

    @Test func aHandBuiltProfileListingAPluginTwiceIsRejected() throws {
        var twice = try profile("plugins:\n  memory:\n")
        twice.plugins.append(twice.plugins[0])
        let error = try #require(planError { try LifecyclePlan.make(profile: twice, registry: registry) })
        #expect(error.description.contains("plugin 'memory' is listed twice"))
    }
}
