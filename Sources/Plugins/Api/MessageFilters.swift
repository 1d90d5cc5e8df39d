import Kernel

/// Filters made by `waku_newMessageFilter`: each one is a `waku.watch` long poll (the `receive`
/// plugin's control method) under its id, kept with the parameters it was made with.
actor MessageFilters {
    private var filters: [String: [String: String]] = [:]
    private let limit: Int

    init(limit: Int = 1024) { self.limit = limit }

    func add(_ id: String, parameters: [String: String]) throws(JSONRPCError) {
        guard filters.count < limit else { throw .serverError("too many message filters (\(limit)); delete some with waku_deleteMessageFilter") }
        filters[id] = parameters
    }

    func parameters(_ id: String) -> [String: String]? { filters[id] }

    func remove(_ id: String) -> Bool { filters.removeValue(forKey: id) != nil }
}
