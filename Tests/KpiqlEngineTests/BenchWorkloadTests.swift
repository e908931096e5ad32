import Foundation
import XCTest
@testable import KpiqlEngine
import KpiqlTestSupport
@testable import KpiqlData
@testable import KpiqlReport
@testable import KpiqlBench
@testable import KpiqlFuzzing
@testable import KpiqlShell

/// The benchmark's generated file loads as a metrics table, and the six workload queries give
/// identical results on one thread and on two (no timing here: that is `make bench`).
final class BenchWorkloadTests: XCTestCase {
    /// 80k rows (~10 MB): past the sizes at which the loader and the executor split work.
    static let rows = 80_000

    func generated() throws -> String {
        let root = Repo.root
        let out = Scratch.url("bench", suffix: ".csv").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", root.appendingPathComponent("bench/generate.py").path, "--rows", "\(Self.rows)", "--seed", "6", "--out", out]
        do { try p.run() } catch { throw XCTSkip("python3 is needed to generate the workload file") }
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw XCTSkip("python3 bench/generate.py failed (status \(p.terminationStatus))") }
        return out
    }

    func testOneAndTwoThreadsAgree() throws {
        let path = try generated()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let one = try BenchRunner.load(path: path, derive: .load, threads: 1)
        let two = try BenchRunner.load(path: path, derive: .load, threads: 2)
        XCTAssertEqual(one.rows, Self.rows)
        XCTAssertEqual(two.rows, Self.rows)
        for q in BenchWorkload.queries {
            let a = try one.engine.run(q.text), b = try two.engine.run(q.text)
            XCTAssertEqual(a.rowCount, b.rowCount, q.name)
            XCTAssertEqual(a.columns.map(\.name), b.columns.map(\.name), q.name)
            XCTAssertEqual(a.columns.map(\.values), b.columns.map(\.values), q.name)
            XCTAssertGreaterThan(a.rowCount, 0, q.name)
        }
        // Q2 takes a one-pass path; a `where` that keeps every row sends it the general way.
        let general = try one.engine.run("where council is missing or council is not missing order by variance limit 20")
        XCTAssertEqual(try one.engine.run(BenchWorkload.queries[1].text).columns.map(\.values), general.columns.map(\.values))
        // The shape the generator promises: statuses about 50/20/30 among rows that have one.
        let s = try one.engine.run("where status is not missing group by status select status, count() as n")
        let n = Dictionary(uniqueKeysWithValues: (0..<s.rowCount).map { (s.value(row: $0, column: 0).description, s.value(row: $0, column: 1).number!) })
        let total = n.values.reduce(0, +)
        XCTAssertEqual(n["green"]! / total, 0.5, accuracy: 0.05)
        XCTAssertEqual(n["amber"]! / total, 0.2, accuracy: 0.05)
        XCTAssertEqual(n["red"]! / total, 0.3, accuracy: 0.05)
    }

    func testQueryTimeDerivationGivesTheSameAnswers() throws {
        let path = try generated()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let atLoad = try BenchRunner.load(path: path, derive: .load)
        let inQuery = try BenchRunner.load(path: path, derive: .query)
        for q in BenchWorkload.queries {
            let a = try BenchRunner.run(name: q.name, text: q.text, on: atLoad, runs: 1, warmup: 0)
            let b = try BenchRunner.run(name: q.name, text: q.text, on: inQuery, runs: 1, warmup: 0)
            XCTAssertEqual(a.result?.columns.map(\.values), b.result?.columns.map(\.values), q.name)
        }
    }
}
