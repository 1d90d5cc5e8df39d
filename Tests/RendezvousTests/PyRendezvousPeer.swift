import Foundation
import Synchronization
import Testing

/// py-libp2p 0.8.1's rendezvous (`Tests/Interop/rendezvous_peer.py`) as a subprocess, run by the Python in
/// `PARLEY_LIBP2P_PYTHON` (the `.venv-libp2p` venv `scripts/setup.sh --with-venv` makes). With
/// `PARLEY_REQUIRE_INTEROP=1` a missing Python fails the test instead of skipping it.
final class PyRendezvousPeer: @unchecked Sendable {
    static let environment = ProcessInfo.processInfo.environment
    static var python: String? {
        guard let value = environment["PARLEY_LIBP2P_PYTHON"], !value.isEmpty else { return nil }
        return value.hasPrefix("/") ? value : FileManager.default.currentDirectoryPath + "/" + value
    }
    static var required: Bool { environment["PARLEY_REQUIRE_INTEROP"] == "1" }
    static var shouldRun: Bool { required || python.map { FileManager.default.isExecutableFile(atPath: $0) } == true }
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Interop/rendezvous_peer.py")

    let process = Process()
    let stdin = Pipe()
    private let output = PyOutputLines()
    private let stderrURL = FileManager.default.temporaryDirectory.appendingPathComponent("parley-pyrend-\(UUID().uuidString).err")

    init(_ arguments: [String]) throws {
        guard let python = Self.python, FileManager.default.isExecutableFile(atPath: python) else {
            throw PyRendezvousFailure("PARLEY_REQUIRE_INTEROP=1 but PARLEY_LIBP2P_PYTHON does not name a Python: run `scripts/setup.sh --with-venv` and export PARLEY_LIBP2P_PYTHON=$PWD/.venv-libp2p/bin/python")
        }
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Self.script.path] + arguments
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        process.standardInput = stdin
        let stdout = Pipe()
        process.standardOutput = stdout
        stdout.fileHandleForReading.readabilityHandler = { [output] handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil; return }
            output.consume(data)
        }
        try process.run()
    }

    /// JSON line number `index` (0-based), waiting up to `timeout`.
    func line(_ index: Int, timeout: Duration = .seconds(40)) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let lines = output.lines
            if lines.count > index {
                let object = try JSONSerialization.jsonObject(with: Data(lines[index].utf8)) as? [String: Any] ?? [:]
                if let error = object["error"] { throw PyRendezvousFailure("py-libp2p reported: \(error)\n\(transcript)") }
                return object
            }
            if !process.isRunning { throw PyRendezvousFailure("py-libp2p exited (\(process.terminationStatus))\n\(transcript)") }
            if ContinuousClock.now >= deadline { throw PyRendezvousFailure("timed out waiting for py-libp2p\n\(transcript)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    var transcript: String {
        "stdout:\n" + output.lines.joined(separator: "\n") + "\nstderr:\n"
            + ((try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "").suffix(4000)
    }

    func terminate() {
        if process.isRunning { process.terminate() }
        try? stdin.fileHandleForWriting.close()
    }
}

struct PyRendezvousFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Stdout of the subprocess, split into lines as it arrives.
final class PyOutputLines: Sendable {
    private let state = Mutex<(Data, [String])>((Data(), []))

    func consume(_ data: Data) {
        state.withLock { state in
            state.0.append(data)
            while let newline = state.0.firstIndex(of: UInt8(ascii: "\n")) {
                state.1.append(String(decoding: state.0[state.0.startIndex..<newline], as: UTF8.self))
                state.0.removeSubrange(state.0.startIndex...newline)
            }
        }
    }

    var lines: [String] { state.withLock { $0.1 } }
}
