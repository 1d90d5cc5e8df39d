import Kernel

/// Waku seam (ARCHITECTURE §3): fetches archived envelopes from store peers. Implemented by the
/// `store` plugin's client side (peer choice and failover are its business), used by the messenger
/// and the CLI.
public protocol HistoryClient: Sendable {
    /// One page of `query` from a store peer. The envelopes are also replayed through the local
    /// receive path (origin `.history`), so subscribers see them like live ones.
    ///
    /// - Throws: when no store peer answers or the query is invalid (`HistoryQueryError`).
    func fetch(_ query: HistoryQuery) async throws -> HistoryPage
}

extension HistoryClient {
    /// Every page of `query`, following cursors until the store reports completion or `maxPages`
    /// pages were fetched.
    public func fetchAll(_ query: HistoryQuery, maxPages: Int = 1000) async throws -> [Envelope] {
        var query = query
        var envelopes: [Envelope] = []
        for _ in 0..<maxPages {
            let page = try await fetch(query)
            envelopes.append(contentsOf: page.envelopes)
            guard let cursor = page.cursor else { break }
            query.cursor = cursor
        }
        return envelopes
    }
}

extension ServiceKey where T == any HistoryClient {
    /// The `HistoryClient` of the plugin providing `waku.history`.
    public static var historyClient: ServiceKey<any HistoryClient> { ServiceKey(.wakuHistory, "waku.history-client") }
}
