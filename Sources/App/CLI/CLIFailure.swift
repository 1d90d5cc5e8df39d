import ArgumentParser
import Foundation

/// Prints a user-facing error (no stack trace, no Swift type names) and exits non-zero.
struct CLIFailure: Error, CustomStringConvertible {
    let message: String
    let code: Int32

    init(_ message: String, code: Int32 = 1) {
        self.message = message
        self.code = code
    }

    var description: String { message }
}

/// Runs `body`, turning any thrown error into `parley: <message>` on stderr and an exit code.
func reportingErrors<T>(_ body: () async throws -> T) async throws -> T {
    do { return try await body() } catch { throw exitCode(reporting: error) }
}

/// `reportingErrors` for synchronous commands.
func reportingErrorsSync<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch { throw exitCode(reporting: error) }
}

/// Prints `error` for the user and returns the exit code to end with.
private func exitCode(reporting error: any Error) -> ExitCode {
    switch error {
    case let failure as CLIFailure:
        FileHandle.standardError.write(Data("parley: \(failure.message)\n".utf8))
        return ExitCode(failure.code)
    case let code as ExitCode:
        return code
    default:
        FileHandle.standardError.write(Data("parley: \(error)\n".utf8))
        return ExitCode(2)
    }
}
