/// Follows a profile's `extends:` chain to its root and merges it back down, detecting cycles and
/// over-long chains.
enum ProfileChain {
    struct Link {
        let identity: String
        let file: String
    }

    /// `document` validated and merged over everything it extends; the result holds only `node` and
    /// `plugins`.
    static func resolve(_ document: ConfigNode, file: String, directory: String, chain: [Link]) throws -> ConfigNode {
        try ProfileSchema.validate(document)
        let chain = chain + [Link(identity: ProfilePaths.identity(of: file), file: file)]
        var parent = ConfigNode(value: .mapping([]))
        if let extends = document["extends"], let reference = extends.scalar {
            let parentFile = ProfilePaths.resolve(extends: reference, from: directory)
            let identity = ProfilePaths.identity(of: parentFile)
            if let start = chain.firstIndex(where: { $0.identity == identity }) {
                let cycle = (chain[start...].map(\.file) + [parentFile]).joined(separator: " → ")
                throw ConfigError("profiles extend each other in a cycle: \(cycle); remove one of these `extends:`",
                                  path: extends.path, mark: extends.mark)
            }
            guard chain.count < ProfileLoader.maximumExtendsDepth else {
                throw ConfigError("`extends:` chains are limited to \(ProfileLoader.maximumExtendsDepth) profiles: "
                    + chain.map(\.file).joined(separator: " → "), path: extends.path, mark: extends.mark)
            }
            let parentDocument: ConfigNode
            do {
                parentDocument = try YAMLLoader.load(path: parentFile)
            } catch let error as ConfigError where error.mark == nil {
                let lookup = reference.contains("/") ? "" : " (a bare name like `\(reference)` means \(reference).yaml next to this file)"
                throw ConfigError("cannot extend '\(reference)': \(error.message)\(lookup)", path: extends.path, mark: extends.mark)
            }
            parent = try resolve(parentDocument, file: parentFile, directory: ProfilePaths.directory(of: parentFile), chain: chain)
        }
        return ProfileMerge.merge(parent: parent, child: document)
    }
}
