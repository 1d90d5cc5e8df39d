import Foundation

/// Sample profiles for the `profile` target, and a private directory holding the parent ones, so an input's
/// `extends: light` resolves the same way on every machine without reading the repository's files.
enum ProfileFixtures {
    static let light = """
        name: light
        node:
          peers: { target: 3, max: 8 }
        plugins:
          devp2p: { host: 0.0.0.0, port: 30303 }
          static-peers:
            peers: []
          bootstrap-peers: {}
          waku: {}
          send: {}
          receive: { advertise-interest: true }
          history: {}
        """

    static let full = """
        name: full
        extends: light
        node:
          peers: { target: 6, max: 24 }
          log-level: info
          grace-period-seconds: 5
        plugins:
          relay: {}
          store: {}
          receive: { advertise-interest: false }
          static-peers:
            peers: [ "enode://\(String(repeating: "ab", count: 64))@127.0.0.1:30304" ]
        """

    static let bootstrap = """
        name: bootstrap
        plugins:
          devp2p: { host: 0.0.0.0, port: 30300 }
          waku: {}
          bootstrap: {}
        """

    /// A directory with `light.yaml` (written once per process; shared by runs, always the same content).
    static let directory: String = {
        let path = NSTemporaryDirectory() + "parley-fuzz-profiles"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try? light.write(toFile: path + "/light.yaml", atomically: true, encoding: .utf8)
        return path
    }()
}
