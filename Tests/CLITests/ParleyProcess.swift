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

    /// Runs to completion (with a timeout) and captures output.
    static func run(_ arguments: [String], stdin: String? = nil, timeout: Duration = .seconds(60)) async throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = repositoryRoot
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? input.fileHandleForWriting.close()
        async let stdoutData = Task.detached { out.fileHandleForReading.readDataToEndOfFile() }.value
        async let stderrData = Task.detached { err.fileHandleForReading.readDataToEndOfFile() }.value
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline {
                process.terminate()
                Issue.record("parley \(arguments.joined(separator: " ")) timed out")
                break
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: await stdoutData, as: UTF8.self),
                      stderr: String(decoding: await stderrData, as: UTF8.self))
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
