/// An insertion-ordered set of member keys (status-go's `stringSet`): member lists keep the order in
/// which people were added, so every client shows them the same way.
struct OrderedKeySet: Sendable, Equatable {
    private(set) var items: [String] = []
    private var index: Set<String> = []

    func contains(_ key: String) -> Bool { index.contains(key) }

    var isEmpty: Bool { items.isEmpty }

    mutating func insert(_ key: String) {
        if index.insert(key).inserted { items.append(key) }
    }

    mutating func insert(contentsOf keys: [String]) {
        for key in keys { insert(key) }
    }

    mutating func remove(_ key: String) {
        if index.remove(key) != nil { items.removeAll { $0 == key } }
    }
}
