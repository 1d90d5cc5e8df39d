import Kernel
import Messenger
import Testing
import TestKit
import WakuCore
import WakuProtocol
import WakuStore

/// The messenger declares the history client as an optional requirement: ordered after `history` when
/// the profile has it, planned without it otherwise.
@Suite struct MessengerPlanTests {
    let harness = NodeHarness()

    func registry() -> PluginRegistry {
        harness.registry(including: [WakuPlugin.factory(), SendPlugin.factory(), ReceivePlugin.factory(), HistoryPlugin.factory(),
                                     MessengerPlugin.factory()])
    }

    @Test func historyIsAnOptionalRequirementOfTheMessenger() throws {
        defer { harness.cleanUp() }
        #expect(MessengerPlugin.descriptor.optionalRequires == [.wakuHistory])
        let with = try LifecyclePlan.make(profile: harness.profile("with", """
            plugins:
              memory:
              messenger:
              waku:
              send:
              receive:
              history:
            """), registry: registry())
        #expect(with.order.map(\.key) == ["memory", "waku", "send", "receive", "history", "messenger"])
        #expect(with.planned("messenger")?.optionalDependencies == ["history"])

        let without = try LifecyclePlan.make(profile: harness.profile("without", """
            plugins:
              memory:
              waku:
              send:
              receive:
              messenger:
            """), registry: registry())
        #expect(without.planned("messenger")?.dependencies == ["send", "receive"])
        #expect(without.planned("messenger")?.optionalDependencies == [])
    }
}
