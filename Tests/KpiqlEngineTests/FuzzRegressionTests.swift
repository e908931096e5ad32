import Foundation
import XCTest
@testable import KpiqlEngine
import KpiqlTestSupport
@testable import KpiqlData
@testable import KpiqlReport
@testable import KpiqlBench
@testable import KpiqlFuzzing
@testable import KpiqlShell

/// Replays every input the fuzzers ever found (`Fuzz/regressions/<target>/`) and the seed
/// inputs (golden scripts, datasets, saved queries) through the same entry points the
/// libFuzzer harness calls: each must return normally.
final class FuzzRegressionTests: XCTestCase {
    static let root = Repo.root

    func files(_ folder: String, suffix: String = "") -> [URL] {
        let dir = Self.root.appendingPathComponent(folder)
        let names = (try? FileManager.default.subpathsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { !$0.hasSuffix(".keep") && $0.hasSuffix(suffix) }.sorted().map { dir.appendingPathComponent($0) }
    }

    func bytes(_ url: URL) -> [UInt8]? { (try? Data(contentsOf: url)).map { [UInt8]($0) } }

    func testRegressionInputs() {
        var replayed = 0
        for (target, entry) in Self.targets {
            for f in files("Fuzz/regressions/\(target)") {
                guard let b = bytes(f) else { continue }
                entry(b)
                replayed += 1
            }
        }
        print("fuzz regressions replayed: \(replayed)")
    }

    static let targets: [(String, ([UInt8]) -> Void)] = [
        ("query", FuzzEntry.query), ("csv", FuzzEntry.csv), ("saved", FuzzEntry.savedQuery),
        ("scanner", FuzzEntry.scanner), ("mapping", FuzzEntry.mapping),
    ]

    /// The corpus kept in the repository (Fuzz/corpus/<target>/) is replayed too: what the
    /// fuzzers once reached must still run without a trap after any change.
    func testKeptCorpus() {
        var replayed = 0
        for (target, entry) in Self.targets {
            let kept = files("Fuzz/corpus/\(target)")
            XCTAssertFalse(kept.isEmpty, "no kept corpus for \(target): run make fuzz-long and commit Fuzz/corpus")
            for f in kept {
                guard let b = bytes(f) else { continue }
                entry(b)
                replayed += 1
            }
        }
        print("fuzz corpus replayed: \(replayed)")
    }

    /// The scanner's invariants hold on a script with every kind of statement, and a mapping
    /// file with its CSV loads through the mapping entry.
    func testScannerAndMappingEntriesOnKnownInputs() throws {
        FuzzEntry.scanner(Array("where a = ';'; -- c;\n.mode csv;\r\nlimit 1\n  and\n'x\n".utf8))
        let toml = try Data(contentsOf: Self.root.appendingPathComponent("Tests/fixtures/load/custom.csv.kpiql.toml"))
        let csv = try Data(contentsOf: Self.root.appendingPathComponent("Tests/fixtures/load/custom.csv"))
        FuzzEntry.mapping([UInt8](toml) + FuzzEntry.mappingSeparator + [UInt8](csv))
        // What the entry wrote is the pair: the mapping beside its CSV, which loads as metrics.
        let loaded = try Loader.load(path: FuzzEntry.mappingScratch, name: "fuzz")
        XCTAssertEqual(loaded.table.kind, .metrics, "the mapping made a metrics table: \(loaded.table.fieldNames)")
        FuzzEntry.mapping([UInt8](toml))   // a mapping alone meets the built-in CSV: an error, not a trap
    }

    func testSeedInputs() {
        let golden = files("Tests/golden", suffix: ".test")
        XCTAssertGreaterThan(golden.count, 50)
        for f in golden {
            guard let text = try? String(contentsOf: f, encoding: .utf8) else { continue }
            let script = text.components(separatedBy: "\n----\n").first ?? ""
            FuzzEntry.query(Array(script.utf8))
        }
        for f in files("datasets", suffix: ".csv") + files("Tests/fixtures/load", suffix: ".csv") {
            if let b = bytes(f) { FuzzEntry.csv(b) }
        }
        for f in files("queries", suffix: ".kpiql") { if let b = bytes(f) { FuzzEntry.savedQuery(b) } }
    }
}
