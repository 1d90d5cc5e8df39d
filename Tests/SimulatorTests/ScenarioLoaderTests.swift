import Kernel
import PluginCatalog
import Simulator
import Testing

/// Scenario files are checked like profiles: file:line errors, unknown keys, strategies that exist.
struct ScenarioLoaderTests {
    let plugins = Set(PluginCatalog.factories().map(\.descriptor.key))

    let valid = """
        name: t
        seed: 7
        groups:
          - { name: boot, profile: bootstrap, count: 1 }
          - { name: light, profile: light, count: 3, discovery: pex, connect-to: [boot] }
        traffic:
          public-chats:
            - { name: c, subscribers: [light], senders: [light], messages-per-minute: 6, size-bytes: 100 }
        """

    @Test func parsesAValidScenario() throws {
        let scenario = try ScenarioLoader.parse(text: valid, plugins: plugins)
        #expect(scenario.nodeCount == 4)
        #expect(scenario.groups[1].discovery == "pex")
        #expect(scenario.traffic.publicChats.first?.messagesPerMinute == 6)
    }

    @Test func brokenYAMLNamesFileAndLine() throws {
        do {
            _ = try ScenarioLoader.parse(text: "name: t\ngroups: [\n  - {", file: "broken.yaml", plugins: plugins)
            Issue.record("broken YAML was accepted")
        } catch let error as ConfigError {
            #expect("\(error)".contains("broken.yaml:"))
        }
    }

    @Test func unknownKeysAreRefusedWithTheirLine() throws {
        do {
            _ = try ScenarioLoader.parse(text: valid + "\nwarp-speed: 9\n", file: "s.yaml", plugins: plugins)
            Issue.record("an unknown key was accepted")
        } catch let error as ConfigError {
            #expect("\(error)".contains("warp-speed"))
            #expect(error.mark?.file == "s.yaml")
        }
    }

    @Test func unavailableStrategiesNameWhatExists() throws {
        let discv5 = valid.replacingOccurrences(of: "discovery: pex", with: "discovery: discv5")
        do {
            _ = try ScenarioLoader.parse(text: discv5, file: "s.yaml", plugins: plugins.subtracting(["discv5"]))
            Issue.record("discv5 accepted without its plugin")
        } catch let error as ConfigError {
            #expect("\(error)".contains("`discv5` needs the `discv5` plugin"))
            #expect("\(error)".contains("available: static, pex"))
            #expect(error.mark?.line == 5)
        }
        let gossip = valid.replacingOccurrences(of: "connect-to: [boot] }", with: "connect-to: [boot], relay: gossipsub }")
        do {
            _ = try ScenarioLoader.parse(text: gossip, file: "s.yaml", plugins: plugins.subtracting(["gossipsub"]))
            Issue.record("gossipsub accepted without its plugin")
        } catch let error as ConfigError {
            #expect("\(error)".contains("`gossipsub` needs the `gossipsub` plugin"))
            #expect("\(error)".contains("available: flooding, none"))
        }
        let bogus = valid.replacingOccurrences(of: "discovery: pex", with: "discovery: carrier-pigeon")
        #expect(throws: ConfigError.self) { try ScenarioLoader.parse(text: bogus, plugins: plugins) }
    }

    @Test func unknownGroupReferencesAreRefused() throws {
        let text = valid.replacingOccurrences(of: "connect-to: [boot]", with: "connect-to: [nobody]")
        do {
            _ = try ScenarioLoader.parse(text: text, file: "s.yaml", plugins: plugins)
            Issue.record("an unknown group was accepted")
        } catch let error as ConfigError {
            #expect("\(error)".contains("no group named `nobody`"))
        }
    }

    @Test func outOfRangeValuesAreRefused() {
        let lossy = valid + "\nlink: { loss: 1.5 }\n"
        #expect(throws: ConfigError.self) { try ScenarioLoader.parse(text: lossy, plugins: plugins) }
    }
}
