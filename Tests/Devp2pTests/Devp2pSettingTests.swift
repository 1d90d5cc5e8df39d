import Devp2p
import Kernel
import Testing
import TestKit

/// Every numeric devp2p setting has a range checked by `profile check` (issue 19 item 5).
@Suite struct Devp2pSettingTests {
    let harness = NodeHarness(extraFactories: [Devp2pPlugin.factory()])

    func check(_ devp2p: String) throws {
        _ = try LifecyclePlan.make(profile: try harness.profile("p", "name: p\nplugins:\n  devp2p: { \(devp2p) }\n"), registry: harness.registry())
    }

    @Test(arguments: [
        ("max-frame-bytes: -5", "max-frame-bytes", "expected 1024…16777215 bytes, got -5"),
        ("max-frame-bytes: 16777216", "max-frame-bytes", "got 16777216"),
        ("max-pending-handshakes: 0", "max-pending-handshakes", "expected 1…10000"),
        ("handshake-timeout-seconds: .inf", "handshake-timeout-seconds", "seconds"),
        ("ping-interval-seconds: .nan", "ping-interval-seconds", "seconds"),
        ("idle-timeout-seconds: -1", "idle-timeout-seconds", "seconds"),
        ("receive-budget-bytes: 1000", "receive-budget-bytes", "at least max-frame-bytes"),
        ("max-frame-bytes: 65536, receive-budget-bytes: 65000", "receive-budget-bytes", "at least max-frame-bytes"),
    ])
    func outOfRangeValuesAreLocatedErrors(setting: String, key: String, message: String) throws {
        defer { harness.cleanUp() }
        do {
            try check(setting)
            Issue.record("\(setting) passed profile check")
        } catch {
            // `profile check` prints file:line:column: YAML path: message.
            let text = "\(error)"
            #expect(text.contains("p.yaml:3:"), "\(text)")
            #expect(text.contains(": plugins.devp2p.\(key): "), "\(text)")
            #expect(text.contains(message), "\(text)")
        }
    }

    @Test func valuesInsideTheRangesPass() throws {
        defer { harness.cleanUp() }
        try check("max-frame-bytes: 1048576, receive-budget-bytes: 8388608, handshake-timeout-seconds: 2, max-pending-handshakes: 8")
        try check("")
    }
}
