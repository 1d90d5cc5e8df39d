import Foundation
import Testing

/// Runs the built `parley` executable as a child process (it sits next to the test bundle).
struct ParleyProcess {
    static var binary: URL {
        if let override = ProcessInfo.processInfo.environment["PARLEY_BIN"] { return URL(fileURLWithPath: override) }
        let candidates = [Bundle.main.executableURL, URL(fileURLWithPath: CommandLine.arguments[0])]
            .compactMap { $0?.deletingLastPathComponent().appendingPathComponent("parley") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs to completion (with a timeout) and captures output. Output goes to temp files and the exit
    /// is awaited through `terminationHandler`, so no cooperative thread blocks while the child runs
    /// (other tests keep running on the 2-thread pool).
    static func run(_ arguments: [String], stdin: String? = nil, timeout: Duration = .seconds(60),
                    environment: [String: String] = [:]) async throws -> Result {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("parley-run-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        FileManager.default.createFile(atPath: scratch + "/out", contents: nil)
        FileManager.default.createFile(atPath: scratch + "/err", contents: nil)
        FileManager.default.createFile(atPath: scratch + "/in", contents: Data((stdin ?? "").utf8))
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.currentDirectoryURL = repositoryRoot
        process.standardOutput = FileHandle(forWritingAtPath: scratch + "/out")
        process.standardError = FileHandle(forWritingAtPath: scratch + "/err")
        process.standardInput = FileHandle(forReadingAtPath: scratch + "/in")
        let exited = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in exited.continuation.yield(); exited.continuation.finish() }
        try process.run()
        let finished = await withTaskGroup(of: Bool.self) { group in
            group.addTask { for await _ in exited.stream { return true }; return true }
            group.addTask { try? await Task.sleep(for: timeout); return false }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        if !finished {
            process.terminate()
            Issue.record("parley \(arguments.joined(separator: " ")) timed out")
            for await _ in exited.stream {}
        }
        return Result(status: process.terminationStatus,
                      stdout: (try? String(contentsOfFile: scratch + "/out", encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOfFile: scratch + "/err", encoding: .utf8)) ?? "")
    }

    /// Starts a long-running `parley node` and returns the process; stdout/stderr go to files in `logDirectory`.
    static func start(_ arguments: [String], logDirectory: String) throws -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = repositoryRoot
        FileManager.default.createFile(atPath: logDirectory + "/stdout.log", contents: nil)
        FileManager.default.createFile(atPath: logDirectory + "/stderr.log", contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: logDirectory + "/stdout.log")
        process.standardError = FileHandle(forWritingAtPath: logDirectory + "/stderr.log")
        try process.run()
        return process
    }

    static func waitForExit(_ process: Process, timeout: Duration = .seconds(20)) async throws {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning {
            process.interrupt()
            Issue.record("process did not exit in time")
        }
        process.waitUntilExit()
    }
}
