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
    do {
        return try await body()
    } catch let error as CLIFailure {
        FileHandle.standardError.write(Data("parley: \(error.message)\n".utf8))
        throw ExitCode(error.code)
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data("parley: \(error)\n".utf8))
        throw ExitCode(2)
    }
}

/// `reportingErrors` for synchronous commands.
func reportingErrorsSync<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as CLIFailure {
        FileHandle.standardError.write(Data("parley: \(error.message)\n".utf8))
        throw ExitCode(error.code)
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data("parley: \(error)\n".utf8))
        throw ExitCode(2)
    }
}
