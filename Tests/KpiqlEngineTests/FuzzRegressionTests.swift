import Foundation
import XCTest
@testable import KpiqlEngine

/// Replays every input the fuzzers ever found (`Fuzz/regressions/<target>/`) and the seed
/// inputs (golden scripts, datasets, saved queries) through the same entry points the
/// libFuzzer harness calls: each must return normally.
final class FuzzRegressionTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func files(_ folder: String, suffix: String = "") -> [URL] {
        let dir = Self.root.appendingPathComponent(folder)
        let names = (try? FileManager.default.subpathsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { !$0.hasSuffix(".keep") && $0.hasSuffix(suffix) }.sorted().map { dir.appendingPathComponent($0) }
    }

    func bytes(_ url: URL) -> [UInt8]? { (try? Data(contentsOf: url)).map { [UInt8]($0) } }

    func testRegressionInputs() {
        var replayed = 0
        for (target, entry) in [("query", FuzzEntry.query), ("csv", FuzzEntry.csv), ("saved", FuzzEntry.savedQuery)] as [(String, ([UInt8]) -> Void)] {
            for f in files("Fuzz/regressions/\(target)") {
                guard let b = bytes(f) else { continue }
                entry(b)
                replayed += 1
            }
        }
        print("fuzz regressions replayed: \(replayed)")
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
