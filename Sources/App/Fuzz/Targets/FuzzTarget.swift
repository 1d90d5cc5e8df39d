/// One fuzz target: a decoder (or a short chain of decoders a peer's bytes go through) run on arbitrary
/// input. Exists so `parley-fuzz`, the seed writer and the regression tests share one definition per
/// decoder. A thrown error is a correct answer; a trap, crash, hang or sanitizer report is a finding.
public struct FuzzTarget: Sendable {
    /// The name `parley-fuzz TARGET` and `scripts/fuzz.sh TARGET` use; also the corpus directory name.
    public let name: String
    /// What the target feeds the input to, for `parley-fuzz --list`.
    public let summary: String
    /// Runs the decoders on one input. Must not throw, must not keep state between inputs.
    public let run: @Sendable ([UInt8]) -> Void
    /// Valid samples built from the code (the seed corpus; `parley-fuzz --write-seeds DIR`).
    public let seeds: @Sendable () -> [[UInt8]]

    public init(name: String, summary: String, run: @escaping @Sendable ([UInt8]) -> Void,
                seeds: @escaping @Sendable () -> [[UInt8]]) {
        self.name = name
        self.summary = summary
        self.run = run
        self.seeds = seeds
    }
}
