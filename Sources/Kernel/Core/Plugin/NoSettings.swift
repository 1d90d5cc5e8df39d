/// The config type of a plugin that has no settings: its profile entry must be empty (or null);
/// any key is reported as unknown.
public struct NoSettings: Decodable, Sendable, Equatable {
    private enum NoKeys: CodingKey {}

    public init() {}

    public init(from decoder: any Decoder) throws {
        _ = try decoder.container(keyedBy: NoKeys.self)
    }
}
