import Foundation

/// Why `parley-fuzz` could not start, each with what to do about it.
enum FuzzDriverError: Error, CustomStringConvertible {
    case usage
    case unknownTarget(String)
    case noLibFuzzer
    case unreadable(String)
    case unwritable(String)

    var description: String {
        switch self {
        case .usage:
            return """
                usage: parley-fuzz TARGET [libFuzzer flags] [corpus dirs]    (needs the libFuzzer build: scripts/fuzz.sh)
                       parley-fuzz TARGET --replay FILE|DIR...                 (runs the target once per file, any build)
                       parley-fuzz --write-seeds DIR                           (writes DIR/TARGET/seed-N for every target)
                       parley-fuzz --list
                """
        case .unknownTarget(let name): return "unknown fuzz target '\(name)'; `parley-fuzz --list` shows the targets"
        case .noLibFuzzer:
            return "this parley-fuzz is not linked with libFuzzer (LLVMFuzzerRunDriver is missing); build it with scripts/fuzz.sh, or use --replay FILE"
        case .unreadable(let path): return "cannot read \(path): give an existing file or directory"
        case .unwritable(let path): return "cannot write \(path): check the directory exists and is writable"
        }
    }

    func report() {
        FileHandle.standardError.write(Data("parley-fuzz: \(description)\n".utf8))
    }
}
