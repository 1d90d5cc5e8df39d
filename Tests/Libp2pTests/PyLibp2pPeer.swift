import Foundation
import Synchronization
import Testing

/// The py-libp2p 0.8.1 interop peer (`Tests/Interop/libp2p_peer.py`) as a subprocess, run by the Python
/// in `PARLEY_LIBP2P_PYTHON` (the `.venv-libp2p` venv that `scripts/setup.sh --with-venv` makes; py-libp2p's
/// pins conflict with the Trinity peer's). With `PARLEY_REQUIRE_INTEROP=1` a missing Python fails.
///
/// `@unchecked Sendable`: `Process` is only started, written to and polled; output lives in a `Mutex`.
final class PyLibp2pPeer: @unchecked Sendable {
    static let environment = ProcessInfo.processInfo.environment
    static var python: String? {
        guard let value = environment["PARLEY_LIBP2P_PYTHON"], !value.isEmpty else { return nil }
        return value.hasPrefix("/") ? value : FileManager.default.currentDirectoryPath + "/" + value
    }
    static var required: Bool { environment["PARLEY_REQUIRE_INTEROP"] == "1" }
    /// Runs when the venv is there, or when interop is required (then its absence fails the test).
    static var shouldRun: Bool { required || python.map { FileManager.default.isExecutableFile(atPath: $0) } == true }
    static let missingMessage: Comment = """
        PARLEY_REQUIRE_INTEROP=1 but PARLEY_LIBP2P_PYTHON does not name a Python: run `scripts/setup.sh --with-venv` \
        (creates .venv-libp2p with Tests/Interop/requirements-libp2p.txt) and export PARLEY_LIBP2P_PYTHON=$PWD/.venv-libp2p/bin/python
        """
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Interop/libp2p_peer.py")

    let process = Process()
    let stdin = Pipe()
    private let lines = LineStore()
    private let stderrURL = FileManager.default.temporaryDirectory.appendingPathComponent("parley-pylibp2p-\(UUID().uuidString).err")

    init(arguments: [String], script: URL = PyLibp2pPeer.script) throws {
        guard let python = Self.python, FileManager.default.isExecutableFile(atPath: python) else {
            throw PyInteropFailure("\(Self.missingMessage)")
        }
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script.path] + arguments
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        process.standardInput = stdin
        let stdout = Pipe()
        process.standardOutput = stdout
        stdout.fileHandleForReading.readabilityHandler = { [lines] handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil; return }
            lines.consume(data)
        }
        try process.run()
    }

    /// The next JSON line after `index` lines, as a dictionary.
    func line(_ index: Int, timeout: Duration = .seconds(30)) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let all = lines.all
            if all.count > index {
                let object = try JSONSerialization.jsonObject(with: Data(all[index].utf8)) as? [String: Any] ?? [:]
                if let error = object["error"] { throw PyInteropFailure("py-libp2p reported: \(error)\n\(transcript)") }
                return object
            }
            if !process.isRunning && all.count <= index { throw PyInteropFailure("py-libp2p exited (\(process.terminationStatus))\n\(transcript)") }
            if ContinuousClock.now >= deadline { throw PyInteropFailure("timed out waiting for py-libp2p line \(index)\n\(transcript)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    func send(_ command: String) {
        stdin.fileHandleForWriting.write(Data((command + "\n").utf8))
    }

    var transcript: String {
        "stdout:\n" + lines.all.joined(separator: "\n") + "\nstderr:\n" + ((try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "").suffix(4000)
    }

    func terminate() {
        if process.isRunning { process.terminate() }
        try? stdin.fileHandleForWriting.close()
    }
}

/// Stdout lines of the peer, split as they arrive.
final class LineStore: Sendable {
    private let state = Mutex<(partial: Data, lines: [String])>((Data(), []))
    func consume(_ data: Data) {
        state.withLock { state in
            state.partial.append(data)
            while let newline = state.partial.firstIndex(of: UInt8(ascii: "\n")) {
                state.lines.append(String(decoding: state.partial[state.partial.startIndex..<newline], as: UTF8.self))
                state.partial.removeSubrange(state.partial.startIndex...newline)
            }
        }
    }
    var all: [String] { state.withLock { $0.lines } }
}

struct PyInteropFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
