import Foundation

/// `parley-bench`: prints the figures quoted in BENCHMARKS.md. Build with `-c release`.
@main
enum ParleyBench {
    /// Unbuffered, so figures appear as they are measured.
    static func say(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func main() async throws {
        let profiles = CommandLine.arguments.dropFirst().first ?? "profiles/demo"
        #if DEBUG
        print("warning: debug build; run `swift run -c release parley-bench` for real figures")
        #endif
        say("parley-bench — median of 7 runs after a warm-up")
        do {
            for line in try PrimitiveBenchmarks.run() { say(line.line()) }
            for line in try await KernelBenchmarks.run(profileDirectory: profiles) { say(line.line()) }
            for line in try AccountBenchmarks.run() { say(line.line()) }
            for line in try await Devp2pBenchmarks.run() { say(line.line()) }
            for line in try WakuBenchmarks.run() { say(line.line()) }
            for line in try await RelayBenchmarks.run() { say(line.line()) }
            for line in try await MessengerBenchmarks.run(profiles: "profiles") { say(line.line()) }
            say("MVDS, 10 messages, median of 20 seeds (simulated lossy link):")
            for line in try await MessengerBenchmarks.dataSyncFigures() { say("  " + line) }
            for line in try await StoreBenchmarks.run() { say(line.line()) }
        } catch {
            FileHandle.standardError.write(Data("parley-bench: \(error)\n".utf8))
            exit(1)
        }
    }
}
