/// One step of a BIP-32 path: an index below 2³¹ and whether it is hardened (+ 2³¹).
public struct ChildIndex: Sendable, Hashable, CustomStringConvertible {
    /// 2³¹: indexes at or above it are hardened.
    public static let hardenedOffset: UInt32 = 0x8000_0000

    /// The index without the hardened bit (0 ≤ index < 2³¹).
    public let index: UInt32
    /// Whether the step is hardened (derived from the private key only).
    public let isHardened: Bool

    /// A step; `index` must be below 2³¹.
    public init(_ index: UInt32, hardened: Bool) throws {
        guard index < ChildIndex.hardenedOffset else { throw DerivationPathError.indexTooLarge(String(index)) }
        self.index = index
        self.isHardened = hardened
    }

    /// The 32-bit child number as serialised (hardened steps have the top bit set).
    public init(childNumber: UInt32) {
        self.index = childNumber & 0x7fff_ffff
        self.isHardened = childNumber >= ChildIndex.hardenedOffset
    }

    /// The 32-bit child number (index, plus 2³¹ when hardened).
    public var childNumber: UInt32 { isHardened ? index | ChildIndex.hardenedOffset : index }

    /// `5` or `44'`.
    public var description: String { isHardened ? "\(index)'" : "\(index)" }
}

/// A BIP-32 derivation path such as `m/43'/60'/1581'/0'/0` (wire-facts §6.2–6.3). `'`, `h` and `H` mark
/// hardened steps. Parsing rejects anything else with an error naming the bad component.
public struct DerivationPath: Sendable, Hashable, CustomStringConvertible {
    /// The steps after `m`, in order.
    public let components: [ChildIndex]

    /// The most steps a path may have (the serialised depth is one byte).
    public static let maximumDepth = 255

    /// A path from its steps.
    public init(_ components: [ChildIndex]) throws {
        guard components.count <= DerivationPath.maximumDepth else { throw DerivationPathError.tooDeep(components.count) }
        self.components = components
    }

    /// Parses `m`, `m/0`, `m/44'/60'/0'/0/7`, `m/0h/1H`. Whitespace around the text is ignored.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharactersInWhitespace()
        guard trimmed.utf8.count <= 4096 else { throw DerivationPathError.tooDeep(trimmed.utf8.count / 2) }
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, first == "m" || first == "M" else {
            throw DerivationPathError.missingRoot(MnemonicError.printable(trimmed))
        }
        var components: [ChildIndex] = []
        for (offset, part) in parts.dropFirst().enumerated() {
            let position = offset + 1
            guard !part.isEmpty else { throw DerivationPathError.emptyComponent(position: position) }
            var digits = Substring(part)
            var hardened = false
            if let last = digits.last, last == "'" || last == "h" || last == "H" {
                hardened = true
                digits = digits.dropLast()
            }
            guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                throw DerivationPathError.invalidComponent(position: position, text: MnemonicError.printable(part))
            }
            guard digits.count <= 10, let value = UInt64(digits), value < UInt64(ChildIndex.hardenedOffset) else {
                throw DerivationPathError.indexTooLarge(MnemonicError.printable(part))
            }
            components.append(try ChildIndex(UInt32(value), hardened: hardened))
        }
        try self.init(components)
    }

    /// `m/…` with `'` for hardened steps.
    public var description: String { (["m"] + components.map(\.description)).joined(separator: "/") }

    /// This path with one more step.
    public func appending(_ index: ChildIndex) throws -> DerivationPath { try DerivationPath(components + [index]) }
}

/// Why a derivation path was rejected.
public enum DerivationPathError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The path does not start with `m`.
    case missingRoot(String)
    /// Two slashes in a row, or a trailing slash.
    case emptyComponent(position: Int)
    /// A step that is not digits with an optional `'`/`h`/`H`.
    case invalidComponent(position: Int, text: String)
    /// A step of 2³¹ or more (write hardened steps as `44'`, not `2147483692`).
    case indexTooLarge(String)
    /// More than 255 steps.
    case tooDeep(Int)

    public var description: String {
        switch self {
        case .missingRoot(let text):
            return "derivation path \"\(text)\" must start with m, e.g. m/44'/60'/0'/0/0"
        case .emptyComponent(let position):
            return "derivation path step \(position) is empty (two slashes in a row or a trailing slash)"
        case .invalidComponent(let position, let text):
            return "derivation path step \(position) \"\(text)\" is not a number with an optional ' (hardened), e.g. 44' or 0"
        case .indexTooLarge(let text):
            return "derivation path step \"\(text)\" is too large: indexes run from 0 to 2147483647; mark hardened steps with ' instead of adding 2^31"
        case .tooDeep(let count):
            return "derivation path has \(count) steps; at most 255 are allowed"
        }
    }
}

extension String {
    /// The string without leading and trailing whitespace (no Foundation needed).
    func trimmingCharactersInWhitespace() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let end = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[start...end])
    }
}
