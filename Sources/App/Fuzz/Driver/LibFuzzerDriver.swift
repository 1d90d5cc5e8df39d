#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FuzzTargets

/// Hands one target to libFuzzer. SwiftPM links executables with `--defsym main=<Module>_main`, which
/// clashes with `-sanitize=fuzzer`'s own `main`, so `parley-fuzz` is instrumented with ASan + coverage,
/// linked with libFuzzer's no-main runtime (`scripts/fuzz.sh`), and calls `LLVMFuzzerRunDriver` itself.
/// The symbol is looked up at run time so the ordinary (uninstrumented) build still links.
enum LibFuzzerDriver {
    typealias Callback = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    typealias RunDriver = @convention(c) (UnsafeMutablePointer<Int32>,
                                          UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                                          Callback) -> Int32

    /// The target libFuzzer's callback runs (set once, before libFuzzer starts).
    nonisolated(unsafe) static var current: FuzzTarget?

    /// Runs libFuzzer on `target` with `arguments` (libFuzzer flags and corpus directories); returns its exit code.
    static func run(_ target: FuzzTarget, programName: String, arguments: [String]) -> Int32 {
        guard let program = dlopen(nil, RTLD_NOW), let symbol = dlsym(program, "LLVMFuzzerRunDriver") else {
            FuzzDriverError.noLibFuzzer.report()
            return 2
        }
        let runDriver = unsafeBitCast(symbol, to: RunDriver.self)
        current = target
        var argc = Int32(arguments.count + 1)
        var argv: [UnsafeMutablePointer<CChar>?] = ([programName] + arguments).map { strdup($0) } + [nil]
        return argv.withUnsafeMutableBufferPointer { buffer in
            var base = buffer.baseAddress!
            return runDriver(&argc, &base) { data, size in
                let input = size > 0 && data != nil ? Array(UnsafeBufferPointer(start: data, count: size)) : []
                LibFuzzerDriver.current?.run(input)
                return 0
            }
        }
    }
}
