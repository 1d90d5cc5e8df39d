import Foundation
import Kernel
import MemoryTransport
import Synchronization
import Testing
import TestKit

/// A plugin that runs `action` in `prepare` and keeps what it threw, so tests see the typed error.
private struct ServiceProbe: NodePlugin {
    let descriptor: PluginDescriptor
    let action: @Sendable (PluginContext) throws -> Void
    let outcome: ProbeOutcome

    func prepare(_ context: PluginContext) async throws {
        do { try action(context) } catch let error as ServiceError {
            outcome.record(error)
            throw error
        }
    }

    static func factory(_ key: String, provides: [Capability] = [], requires: [Capability] = [],
                        optionalRequires: [Capability] = [], outcome: ProbeOutcome,
                        action: @escaping @Sendable (PluginContext) throws -> Void) -> any PluginFactory {
        let descriptor = PluginDescriptor(key: key, summary: "service probe \(key)", provides: provides, requires: requires,
                                          optionalRequires: optionalRequires)
        return TypedPluginFactory(descriptor, config: NoSettings.self) { _ in
            ServiceProbe(descriptor: descriptor, action: action, outcome: outcome)
        }
    }
}

/// What service probes saw: errors thrown and whether optional lookups found their service.
private final class ProbeOutcome: Sendable {
    private let state = Mutex<(errors: [ServiceError], found: [Bool])>(([], []))
    func record(_ error: ServiceError) { state.withLock { $0.errors.append(error) } }
    func found(_ value: Bool) { state.withLock { $0.found.append(value) } }
    var errors: [ServiceError] { state.withLock { $0.errors } }
    var lookups: [Bool] { state.withLock { $0.found } }
}

private let gadget: Capability = "gadget"
private let gadgetKey = ServiceKey<String>(gadget, "gadget.name")
private let exclusiveGadget = Capability("solo-gadget", exclusive: true)

/// Services are tied to declared capabilities: typed keys, optional requirements, duplicate providers.
@Suite struct ServiceSeamTests {
    let harness = NodeHarness()

    @Test func lookingUpAnUndeclaredServiceIsAClearError() async throws {
        defer { harness.cleanUp() }
        let outcome = ProbeOutcome()
        let registry = harness.registry(including: [
            ServiceProbe.factory("provider", provides: [gadget], outcome: outcome) { try $0.provide(gadgetKey, "spanner") },
            ServiceProbe.factory("snoop", outcome: outcome) { _ = try $0.lookup(gadgetKey) },
        ])
        let kernel = try harness.kernel("n", registry: registry)
        await #expect(throws: KernelError.self) {
            try await kernel.start(harness.profile("n", "plugins:\n  provider:\n  snoop:\n"))
        }
        let expected = ServiceError.undeclaredRequirement(plugin: "snoop", service: "'gadget.name' (String)", capability: gadget)
        #expect(outcome.errors == [expected])
        #expect(expected.description.contains("plugin 'snoop'") && expected.description.contains("'gadget'")
            && expected.description.contains("requires"))
        await kernel.stop()
    }

    @Test func providingAnUndeclaredCapabilityIsAClearError() async throws {
        defer { harness.cleanUp() }
        let outcome = ProbeOutcome()
        let registry = harness.registry(including: [
            ServiceProbe.factory("sneaky", outcome: outcome) { try $0.provide(gadgetKey, "spanner") },
        ])
        let kernel = try harness.kernel("n", registry: registry)
        await #expect(throws: KernelError.self) { try await kernel.start(harness.profile("n", "plugins:\n  sneaky:\n")) }
        #expect(outcome.errors == [.undeclaredProvide(plugin: "sneaky", service: "'gadget.name' (String)", capability: gadget)])
        await kernel.stop()
    }

    @Test func aSecondProviderOfAServiceKeyIsRefusedNamingBoth() async throws {
        defer { harness.cleanUp() }
        let outcome = ProbeOutcome()
        let registry = harness.registry(including: [
            ServiceProbe.factory("first", provides: [gadget], outcome: outcome) { try $0.provide(gadgetKey, "spanner") },
            ServiceProbe.factory("second", provides: [gadget], outcome: outcome) { try $0.provide(gadgetKey, "wrench") },
        ])
        let kernel = try harness.kernel("n", registry: registry)
        await #expect(throws: KernelError.self) {
            try await kernel.start(harness.profile("n", "plugins:\n  first:\n  second:\n"))
        }
        let error = try #require(outcome.errors.first)
        #expect(error == .duplicateProvider(service: "'gadget.name' (String)", capability: gadget, first: "first", second: "second"))
        #expect(error.description.contains("'first' and 'second'"))
        await kernel.stop()
    }

    @Test func exclusiveCapabilityWithTwoProvidersIsRefusedByTheProfileCheck() throws {
        defer { harness.cleanUp() }
        let recorder = LifecycleRecorder()
        let registry = harness.registry(including: [
            RecordingPlugin.factory(key: "one", provides: [exclusiveGadget], recorder: recorder),
            RecordingPlugin.factory(key: "two", provides: [exclusiveGadget], recorder: recorder),
            RecordingPlugin.factory(key: "user", requires: [exclusiveGadget], recorder: recorder),
        ])
        let profile = try harness.profile("both", "name: both\nplugins:\n  one:\n  user:\n  two:\n")
        let error = try #require(throws: PlanError.self) { try LifecyclePlan.make(profile: profile, registry: registry) }
        guard case .duplicateProvider(let capability, let plugins, "both", let mark) = error else {
            Issue.record("expected duplicateProvider, got \(error)")
            return
        }
        #expect(capability == exclusiveGadget && plugins == ["one", "two"])
        #expect(mark?.line == 5)
        #expect(error.description.contains("'one' and 'two'") && error.description.contains("only one provider"))
        // One provider is fine, and shared capabilities (`transport`, `discovery`) may have several.
        _ = try LifecyclePlan.make(profile: harness.profile("one", "plugins:\n  one:\n  user:\n"), registry: registry)
    }

    @Test func sharedCapabilitiesMayHaveSeveralProviders() throws {
        defer { harness.cleanUp() }
        let recorder = LifecycleRecorder()
        let registry = harness.registry(including: [
            RecordingPlugin.factory(key: "other-transport", provides: [.transport], recorder: recorder),
            RecordingPlugin.factory(key: "user", requires: [.transport], recorder: recorder),
        ])
        let plan = try LifecyclePlan.make(profile: harness.profile("two", "plugins:\n  memory:\n  other-transport:\n  user:\n"),
                                          registry: registry)
        #expect(plan.planned("user")?.dependencies == ["memory", "other-transport"])
    }

    @Test func optionalRequirementIsOrderedAndRestartedWithItsProvider() async throws {
        defer { harness.cleanUp() }
        let outcome = ProbeOutcome()
        let registry = harness.registry(including: [
            ServiceProbe.factory("consumer", optionalRequires: [gadget], outcome: outcome) { context in
                outcome.found(try context.lookup(gadgetKey) != nil)
            },
            ServiceProbe.factory("provider", provides: [gadget], outcome: outcome) { try $0.provide(gadgetKey, "spanner") },
        ])
        let without = try harness.profile("without", "name: without\nplugins:\n  memory:\n  consumer:\n")
        let with = try harness.profile("with", "name: with\nplugins:\n  memory:\n  consumer:\n  provider:\n")

        // Planned: the provider starts first although the profile lists it last; absent, nothing fails.
        let plan = try LifecyclePlan.make(profile: with, registry: registry)
        #expect(plan.order.map(\.key) == ["memory", "provider", "consumer"])
        #expect(plan.planned("consumer")?.optionalDependencies == ["provider"])
        #expect(plan.rendered().contains("optionally requires: gadget"))

        let kernel = try harness.kernel("n", registry: registry)
        let started = EventLog(kernel.events, PluginStarted.self)
        try await kernel.start(without)
        #expect(outcome.lookups == [false])

        // Adding the provider restarts the consumer after it, which now finds the service.
        let added = try await kernel.apply(with)
        #expect(added.stopped == ["consumer"])
        #expect(added.started == ["provider", "consumer"])
        #expect(added.kept == ["memory"])
        #expect(outcome.lookups == [false, true])

        // Removing the provider restarts the consumer, which finds the service absent again.
        let removed = try await kernel.apply(without)
        #expect(removed.stopped == ["consumer", "provider"])
        #expect(removed.started == ["consumer"])
        #expect(outcome.lookups == [false, true, false])
        #expect(outcome.errors.isEmpty)
        var keys: [String] = []
        for _ in 0..<5 { if let event = await started.next() { keys.append(event.key) } }
        #expect(keys == ["memory", "consumer", "provider", "consumer", "consumer"])
        await kernel.stop()
    }

    @Test func optionalDependentRestartsWhenItsProviderRestarts() async throws {
        defer { harness.cleanUp() }
        let recorder = LifecycleRecorder()
        let registry = harness.registry(including: [
            RecordingPlugin.factory(key: "consumer", optionalRequires: [gadget], recorder: recorder),
            RecordingPlugin.factory(key: "provider", provides: [gadget], recorder: recorder),
            RecordingPlugin.factory(key: "bystander", recorder: recorder),
        ])
        let kernel = try harness.kernel("n", registry: registry)
        try await kernel.start(harness.profile("a", "name: a\nplugins:\n  memory:\n  consumer:\n  provider:\n  bystander:\n"))
        let report = try await kernel.apply(harness.profile("b", "name: b\nplugins:\n  memory:\n  consumer:\n  provider: { tag: new }\n  bystander:\n"))
        #expect(report.stopped == ["consumer", "provider"])
        #expect(report.started == ["provider", "consumer"])
        #expect(Set(report.kept) == ["memory", "bystander"])
        #expect(recorder.prepareCount("consumer") == 2 && recorder.prepareCount("bystander") == 1)
        await kernel.stop()
    }

    @Test func writingOutADefaultValueDoesNotRestart() async throws {
        defer { harness.cleanUp() }
        let recorder = LifecycleRecorder()
        let registry = harness.registry(including: [RecordingPlugin.factory(key: "probe", recorder: recorder)])
        let kernel = try harness.kernel("n", registry: registry)
        try await kernel.start(harness.profile("implicit", "name: implicit\nplugins:\n  memory:\n  probe:\n"))
        let explicit = try await kernel.apply(harness.profile("explicit", """
            name: explicit
            plugins:
              memory: { name: null }
              probe: { tag: "", fail-prepare: false }
            """))
        #expect(explicit.started.isEmpty && explicit.stopped.isEmpty)
        #expect(Set(explicit.kept) == ["memory", "probe"])
        #expect(recorder.prepareCount("probe") == 1)
        // A real change still restarts.
        let changed = try await kernel.apply(harness.profile("changed", "name: changed\nplugins:\n  memory:\n  probe: { tag: x }\n"))
        #expect(changed.started == ["probe"])
        #expect(recorder.prepareCount("probe") == 2)
        await kernel.stop()
    }
}
