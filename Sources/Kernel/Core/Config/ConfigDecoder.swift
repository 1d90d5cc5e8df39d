/// Decodes a plugin's (or the node's) settings from a `ConfigNode` into a plain `Decodable` struct.
///
/// Config types stay ordinary Swift: `decodeIfPresent(…) ?? default` puts defaults in one place,
/// camelCase coding keys match kebab-case YAML keys (`maxPeers` ↔ `max-peers`), and every failure —
/// including a key the type never asked for — becomes a `ConfigError` naming the YAML path and the
/// file, line and column to fix.
public struct ConfigDecoder: Sendable {
    public init() {}

    /// Decodes `type` from `node`. Throws `ConfigError` for wrong types, out-of-range numbers,
    /// missing required keys, validation failures thrown by the type, and unknown keys.
    public func decode<T: Decodable>(_ type: T.Type, from node: ConfigNode) throws -> T {
        let root = node.repathed(to: node.path)
        let session = DecodingSession(root: root)
        let value: T
        do {
            value = try session.decode(T.self, from: root, codingPath: [])
        } catch let error as ConfigError {
            throw error.mark == nil && error.path.isEmpty
                ? ConfigError(error.message, path: root.path, mark: root.mark) : error
        } catch let error as DecodingError {
            throw session.translate(error)
        } catch {
            throw ConfigError("\(error)", path: root.path, mark: root.mark)
        }
        if let unknown = session.firstUnknownKey(in: root) { throw unknown }
        return value
    }
}
