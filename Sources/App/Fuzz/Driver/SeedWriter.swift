import FuzzTargets
import Foundation

/// `--write-seeds DIR`: writes every target's seeds as `DIR/TARGET/seed-N`, the committed seed corpora
/// (`Tests/Fuzz/corpus`). Seeds with random parts (ECIES, signatures' padding) differ between runs.
enum SeedWriter {
    static func run(into directory: String) -> Int32 {
        for target in FuzzRegistry.all {
            let folder = directory + "/" + target.name
            let seeds = target.seeds()
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                for (index, seed) in seeds.enumerated() {
                    try Data(seed).write(to: URL(fileURLWithPath: folder + "/seed-\(index)"))
                }
            } catch {
                FuzzDriverError.unwritable(folder).report()
                return 2
            }
            print("parley-fuzz: wrote \(seeds.count) seeds to \(folder)")
        }
        return 0
    }
}
