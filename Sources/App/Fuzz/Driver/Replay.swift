import FuzzTargets
import Foundation

/// `--replay`: runs a target once on each file (directories are walked), without libFuzzer. This is how a
/// finding is reproduced on any build and what the regression tests do.
enum Replay {
    static func run(_ target: FuzzTarget, paths: [String]) -> Int32 {
        var count = 0
        for path in paths {
            guard let files = files(at: path) else {
                FuzzDriverError.unreadable(path).report()
                return 2
            }
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else {
                    FuzzDriverError.unreadable(file).report()
                    return 2
                }
                target.run([UInt8](data))
                count += 1
            }
        }
        print("parley-fuzz: \(target.name): replayed \(count) inputs, no crash")
        return 0
    }

    private static func files(at path: String) -> [String]? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        guard isDirectory.boolValue else { return [path] }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return nil }
        return names.sorted().filter { !$0.hasPrefix(".") }.map { path + "/" + $0 }
    }
}
