import XCTest
@testable import KpiqlEngine
@testable import KpiqlData
import KpiqlTestSupport
@testable import KpiqlReport
@testable import KpiqlBench
@testable import KpiqlFuzzing
@testable import KpiqlShell

/// The fast paths of the executor against the plain evaluation they replace: filter kernels
/// against three-valued `truth`, integer sort keys against the ordering rules, dense grouping
/// against the general one.
final class ExecutionKernelTests: XCTestCase {
    static let engine = try! Workspace.bundled(directory: Repo.datasets).engine

    func bound(_ text: String) throws -> BoundQuery {
        try Self.engine.prepare(text, source: SourceFile(name: "q", text: text))
    }

    func testFilterKernelsKeepExactlyTheTrueRows() throws {
        let conditions = [
            "status = red", "status != red", "status > amber", "good = high", "trend in (improving, same)",
            "status not in (green)", #"council = "sefton""#, #"council != "Sefton""#, #"name contains "CHILD""#,
            #"name not contains "care""#, #"id starts with "c""#, #"id matches "^A0[0-9]$""#, #"status contains "re""#,
            "latest > target", "latest != target", "target >= 90", "change != 0", "variance < -10",
            #"priority = "Children" and status = red and latest <= target"#, "not (status = red) and variance > 0",
            #"council in ("Sefton", "nope") and trend = worsening"#, "status = red or variance > 10",
        ]
        let table = Self.engine.catalog.table("metrics")!
        let ev = Evaluator(table: table)
        let all = (0..<Int32(table.rowCount)).map { $0 }
        for c in conditions {
            let q = try bound("where \(c)")
            let truth = ev.truth(q.filter!, all)
            let expected = all.filter { truth[Int($0)] == 1 }
            for threads in [1, 2] {
                let got = FilterPlan(q.filter!, table: table).run(ev, count: table.rowCount, threads: threads)
                XCTAssertEqual(got, expected, "\(c) on \(threads) threads")
            }
            XCTAssertFalse(expected.isEmpty && c == "status = red", "the data has red rows")
        }
    }

    func testNumberKeysOrderAsTheRulesSay() {
        let values: [Double] = [3, .nan, -0.0, 0, -.infinity, .infinity, -2.5, .nan, 1e-300, -1e-300]
        for descending in [false, true] {
            let keys = values.map { Sorter.number($0, descending) }
            let order = Sorter.permutation(count: values.count, keys: [keys], limit: nil, threads: 1)
            let present = order.filter { !values[$0].isNaN }
            // Missing last either way; -0 and 0 are equal, so they keep their input order.
            XCTAssertEqual(Array(order.suffix(2)), [1, 7])
            XCTAssertEqual(present.map { values[$0] }, present.map { values[$0] }.sorted(by: descending ? (>) : (<)))
            XCTAssertLessThan(present.firstIndex(of: 2)!, present.firstIndex(of: 3)!)
        }
    }

    func testTopKAgreesWithAFullSort() {
        var seed: UInt64 = 6
        let values = (0..<100_000).map { _ -> Double in
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return seed % 7 == 0 ? .nan : Double(seed >> 40 % 1000)
        }
        let keys = values.map { Sorter.number($0, false) }
        let full = Sorter.permutation(count: values.count, keys: [keys], limit: nil, threads: 1)
        for threads in [1, 2] {
            XCTAssertEqual(Sorter.permutation(count: values.count, keys: [keys], limit: 20, threads: threads), Array(full.prefix(20)))
            XCTAssertEqual(Sorter.permutation(count: values.count, keys: [keys], limit: nil, threads: threads), full)
        }
    }

    /// count(cond) and pct(cond) over every row take the `where` kernels; over a selection
    /// (the same rows listed) the three-valued column. Both must count the same rows.
    func testConditionalCountsOverEveryRowMatchTheTruthColumn() throws {
        let table = Self.engine.catalog.table("metrics")!
        let ev = Evaluator(table: table)
        let all = Selection(rows: nil, tableRows: table.rowCount)
        let listed = Selection(rows: all.materialised, tableRows: table.rowCount)
        let priority = BoundExpr(.column(table.index(of: "priority")!), .text, SourceSpan(0, 0))
        let grouping = Grouping(keys: [ev.groupKey(priority, all.materialised)], count: table.rowCount)
        for c in ["status = red", "status = red and trend in (worsening, same)", "latest > target or variance is missing", "not (good = high)"] {
            let cond = try bound("where \(c)").filter!
            for f in [AggregateFunction.count, .pct] {
                guard case .number(let fast) = GroupEvaluator(ev: ev, selection: all, grouping: grouping).aggregate(f, cond),
                      case .number(let plain) = GroupEvaluator(ev: ev, selection: listed, grouping: grouping).aggregate(f, cond) else {
                    return XCTFail("\(f)(\(c)) is not a number")
                }
                XCTAssertEqual(fast, plain, "\(f)(\(c))")
            }
        }
    }

    func testDenseGroupingMatchesTheGeneralOne() throws {
        let table = Self.engine.catalog.table("metrics")!
        let ev = Evaluator(table: table)
        for keys in [["priority", "status"], ["council"], ["trend", "good", "council"], ["reported_status"]] {
            let exprs = keys.map { BoundExpr(.column(table.index(of: $0)!), table.column($0)!.type, SourceSpan(0, 0)) }
            let all = (0..<Int32(table.rowCount)).map { $0 }
            let general = Grouping(keys: exprs.map { ev.groupKey($0, all) }, count: table.rowCount)
            for threads in [1, 2] {
                let dense = DenseGrouping.group(exprs, table, Selection(rows: nil, tableRows: table.rowCount), threads: threads)!
                XCTAssertEqual(dense.ids, general.ids, "\(keys)")
                XCTAssertEqual(dense.first, general.first, "\(keys)")
                XCTAssertEqual(dense.sizes, general.sizes, "\(keys)")
            }
        }
    }

    func testTopNumbersAgreesWithTheGeneralPath() throws {
        // A `where` that keeps every row sends the same order through the general path.
        for order in ["variance", "variance desc", "latest", "change desc", "target"] {
            for k in [1, 5, 20] {
                let fast = try Self.engine.run("order by \(order) limit \(k) select id, council, variance, latest")
                let general = try Self.engine.run("where id is missing or id is not missing order by \(order) limit \(k) select id, council, variance, latest")
                XCTAssertEqual(fast.columns.map(\.values), general.columns.map(\.values), "\(order) limit \(k)")
            }
        }
    }
}
