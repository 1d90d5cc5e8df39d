/// Where a piece of configuration was written: a file (or `--set` for command-line overrides),
/// line and column, both 1-based.
///
/// Every `ConfigNode` carries one so that any later error — a type mismatch found by a plugin's
/// config decoder, an unknown plugin found by the planner — can point at the exact spot to fix.
public struct SourceMark: Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, the form editors and terminals recognise as a jump target.
    public var description: String { "\(file):\(line):\(column)" }
}
