import Foundation
import XCTest
@testable import KpiqlEngine
@testable import KpiqlData
@testable import KpiqlSQL
@testable import KpiqlShell
@testable import KpiqlServer

/// The comparable period (`previous`, `change`, `direction`, `trend`, `latest_period`,
/// `previous_period`, `comparison`) computed on PostgreSQL and DuckDB is kpiql's, on random
/// metrics tables that reach every rule the bundled data does not: blanks before latest,
/// year-to-date measures of every frequency with and without the year-earlier value,
/// whole-year outturns among quarters in several layouts, tables without period names, and
/// the Fingertips/LG Inform rule (the last two values across blanks) with and without layouts.
final class SQLPeriodComparisonTests: XCTestCase {
    struct Variant { var name: String; var skipsBlanks: Bool; var layouts: Bool; var named: Bool }

    static let variants = [Variant(name: "own_periods", skipsBlanks: false, layouts: false, named: true),
                           Variant(name: "unnamed", skipsBlanks: false, layouts: false, named: false),
                           Variant(name: "outturns", skipsBlanks: false, layouts: true, named: true),
                           Variant(name: "side_by_side", skipsBlanks: true, layouts: false, named: true),
                           Variant(name: "side_by_side_layouts", skipsBlanks: true, layouts: true, named: true)]

    func testComparablePeriodsAgreeOnPostgresAndDuckDB() throws {
        let servers = try SQLServers.available()
        var seeds = SplitMix(seed: UInt64(ProcessInfo.processInfo.environment["KPIQL_SQL_SEED"] ?? "") ?? 20261202)
        var compared = 0, failures = 0
        var reasons: Set<UInt8> = []
        for v in Self.variants {
            let workspace = Workspace(), catalog = workspace.catalog
            let table = Self.table(v, rows: 600, seed: seeds.next())
            workspace.add(table)
            let engine = workspace.engine
            let serverName = try servers.push(table)
            let fields = ["id", "latest", "previous", "change", "direction", "trend", "previous_period", "comparison"]
                + (table.column("latest_period") != nil ? ["latest_period"] : [])
            let queries = ["from \(v.name) select " + fields.joined(separator: ", "),
                           "from \(v.name) group by comparison select comparison, count() as n, pct(trend = improving) as up, avg(change) as change",
                           "from \(v.name) where previous is missing and latest is not missing select id, comparison order by comparison, id",
                           "from \(v.name) group by previous_period select previous_period, count(direction = up) as up, count() as n order by previous_period"]
            for text in queries {
                let bound = try engine.prepare(text, source: SourceFile(name: v.name, text: text))
                let result = try Executor(threads: 1).run(bound)
                let pg = try SQLCompiler(dialect: .postgres, catalog: catalog).compile(bound, serverName: serverName)
                let duck = try SQLCompiler(dialect: .duckdb, catalog: catalog).compile(bound, serverName: serverName)
                for (name, outcome, sql) in [("PostgreSQL", try servers.postgres([pg])[0], pg), ("DuckDB", try servers.duckdb([duck])[0], duck)] {
                    compared += 1
                    if let d = SQLAgreement.difference(result, outcome) { failures += 1; XCTFail("\(name), \(v.name): \(text)\n\(d)\n\(sql)") }
                }
            }
            for r in 0..<table.rowCount { reasons.insert(table.metricsInputs!.comparison(row: r).reason.rawValue) }
        }
        // Every reason PeriodComparison gives is reached, or the test proves less than it says.
        XCTAssertEqual(reasons.count, 7, "reasons reached: \(reasons.sorted())")
        print("sql period comparison: \(compared) answers on PostgreSQL and DuckDB over \(Self.variants.count) random tables, \(failures) disagreements; \(reasons.count) of 7 reasons reached")
    }

    /// A metrics table of `rows` random rows with six period slots, about a third of them blank.
    static func table(_ v: Variant, rows n: Int, seed: UInt64) -> Table {
        var rng = SplitMix(seed: seed)
        func roll(_ k: Int) -> Int { Int(rng.next() % UInt64(k)) }
        let slots = 6
        // Small whole values, so equal periods ("same") happen.
        let periods = (0..<slots).map { _ in (0..<n).map { _ in roll(3) == 0 ? Double.nan : Double(roll(5) * 10) } }
        let layouts: [PeriodLayout] = v.layouts ? [
            PeriodLayout(slots: [0, 1, 2, 3, 4, 5], labels: ["22/23 outturn", "Q1", "Q2", "Q3", "Q4", "23/24 outturn"],
                         annual: [true, false, false, false, false, true]),
            PeriodLayout(slots: [1, 2, 3], labels: ["Q1 June", "Q2 Sept", "Q3 Dec"]),
            PeriodLayout(slots: [0, 2, 4, 5], labels: ["2021", "2022", "2023 outturn", "Q1 2024"], annual: [false, false, true]),
        ] : []
        let inputs = MetricsInputs(periods: periods, target: (0..<n).map { _ in Double(roll(5) * 10) }, periodTarget: [],
                                   good: (0..<n).map { _ in [0, 1, 255][roll(3)] }, reportedVariance: [], reportedMet: [],
                                   layouts: layouts, layoutOfRow: layouts.isEmpty ? [] : (0..<n).map { _ in UInt8(roll(layouts.count)) },
                                   cumulative: (0..<n).map { _ in UInt8(roll(2)) }, periodsPerYear: (0..<n).map { _ in [1, 2, 3, 4, 12][roll(5)] },
                                   periodNames: v.named ? (1...slots).map { "Q\(($0 - 1) % 4 + 1) 202\($0 / 4)" } : [],
                                   skipsBlankPeriods: v.skipsBlanks)
        let table = Table(name: v.name, kind: .metrics, columns: [.text("id", (0..<n).map { String(format: "M%04d", $0) })])
        table.metricsInputs = inputs
        return table
    }
}
