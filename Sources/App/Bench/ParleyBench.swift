import Foundation

/// `parley-bench`: prints the figures quoted in BENCHMARKS.md. Build with `-c release`.
///
/// `parley-bench [profiles-dir] [--only group[,group…]] [--list]`: the optional first positional argument is
/// the profile directory of the kernel group (default `profiles/demo`); `--only` runs the named groups
/// (repeatable or comma-separated), `--list` prints the groups. Without `--only` every group runs, in order.
@main
enum ParleyBench {
    /// Unbuffered, so figures appear as they are measured.
    static func say(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func main() async throws {
        let arguments: BenchArguments
        do { arguments = try BenchArguments(parsing: Array(CommandLine.arguments.dropFirst())) } catch {
            FileHandle.standardError.write(Data("parley-bench: \(error)\n".utf8))
            exit(2)
        }
        if arguments.listOnly {
            for group in BenchGroup.allCases { say("\(group.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(group.summary)") }
            return
        }
        #if DEBUG
        print("warning: debug build; run `swift run -c release parley-bench` for real figures")
        #endif
        say("parley-bench — median of 7 runs after a warm-up")
        do {
            for group in BenchGroup.allCases where arguments.groups.contains(group) {
                for line in try await group.run(profiles: arguments.profiles) { say(line) }
            }
        } catch {
            FileHandle.standardError.write(Data("parley-bench: \(error)\n".utf8))
            exit(1)
        }
    }
}
