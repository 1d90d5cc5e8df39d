import Kernel

/// How kernel protocol ids appear on libp2p streams: Parley's own protocols (`waku/1`, `pex/1`) as
/// `/parley/<name>/<version>`; ids that already are libp2p paths (version 0, leading `/`) as they are.
enum ProtocolNames {
    static let prefix = "/parley/"

    static func libp2p(_ id: ProtocolID) -> String {
        id.version == 0 && id.name.hasPrefix("/") ? id.name : "\(prefix)\(id.name)/\(id.version)"
    }

    static func kernel(_ text: String) -> ProtocolID? {
        guard text.hasPrefix(prefix) else { return text.hasPrefix("/") ? ProtocolID(name: text, version: 0) : nil }
        let rest = text.dropFirst(prefix.count)
        guard let slash = rest.lastIndex(of: "/"), let version = UInt(rest[rest.index(after: slash)...]) else { return nil }
        let name = String(rest[..<slash])
        return name.isEmpty ? nil : ProtocolID(name: name, version: version)
    }

    /// Whether messages on this protocol carry a message code (Parley's RLPx-style protocols do).
    static func carriesCodes(_ id: ProtocolID) -> Bool { !(id.version == 0 && id.name.hasPrefix("/")) }
}
