// parley-fuzz: one libFuzzer target per decoder (FuzzTargets), chosen by the first argument.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import FuzzTargets

let arguments = Array(CommandLine.arguments.dropFirst())
let program = CommandLine.arguments.first ?? "parley-fuzz"

func start() -> Int32 {
    guard let first = arguments.first else {
        FuzzDriverError.usage.report()
        return 2
    }
    switch first {
    case "--list":
        for target in FuzzRegistry.all { print("\(target.name.padding(toLength: 20, withPad: " ", startingAt: 0)) \(target.summary)") }
        return 0
    case "--write-seeds":
        guard arguments.count == 2 else { FuzzDriverError.usage.report(); return 2 }
        return SeedWriter.run(into: arguments[1])
    case "-h", "--help":
        print(FuzzDriverError.usage.description)
        return 0
    default:
        guard let target = FuzzRegistry.target(named: first) else {
            FuzzDriverError.unknownTarget(first).report()
            return 2
        }
        let rest = Array(arguments.dropFirst())
        if rest.first == "--replay" { return Replay.run(target, paths: Array(rest.dropFirst())) }
        return LibFuzzerDriver.run(target, programName: program, arguments: rest)
    }
}

exit(start())
