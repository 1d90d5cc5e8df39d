import Foundation

/// `parley-bench`: prints the figures quoted in BENCHMARKS.md. Build with `-c release`.
@main
enum ParleyBench {
    static func main() async throws {
        let profiles = CommandLine.arguments.dropFirst().first ?? "profiles/demo"
        #if DEBUG
        print("warning: debug build; run `swift run -c release parley-bench` for real figures")
        #endif
        print("parley-bench — median of 7 runs after a warm-up")
        for line in try PrimitiveBenchmarks.run() { print(line.line()) }
        for line in try await KernelBenchmarks.run(profileDirectory: profiles) { print(line.line()) }
    }
}
