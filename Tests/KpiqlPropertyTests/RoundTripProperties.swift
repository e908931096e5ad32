import Foundation
import PropertyBased
import Testing
@testable import KpiqlEngine
import KpiqlTestSupport
@testable import KpiqlData
@testable import KpiqlSQL
@testable import KpiqlShell
@testable import KpiqlServer

/// Properties that must hold for any input: printing and parsing agree, CSV written by kpiql
/// reads back the same, and every condition splits a table into true, false and unknown.
@Suite struct RoundTripProperties {
    static let engine: Engine = {
        try! Workspace.bundled(directory: Repo.datasets).engine
    }()

    @Test func formatParseFormatIsStable() async {
        await propertyCheck(count: 500, input: Gen.int(in: 0...Int.max)) { seed in
            var gen = RandomQuery(seed: UInt64(seed))
            let text = QueryPrinter.format(gen.query())
            let reparsed = try? Parser.parse(text)
            #expect(reparsed != nil, "does not parse: \(text)")
            if let reparsed { #expect(QueryPrinter.format(reparsed) == text) }
        }
    }

    @Test func filtersPartitionTheTable() async throws {
        let total = Self.engine.catalog.table("metrics")!.rowCount
        await propertyCheck(count: 300, input: Gen.int(in: 0...Int.max)) { seed in
            var gen = RandomQuery(seed: UInt64(seed))
            let p = QueryPrinter.format(gen.condition(depth: 3))
            func count(_ w: String) -> Int {
                (try? Self.engine.run("where \(w) select count() as n"))?.columns[0].values[0].number.map { Int($0) } ?? -1
            }
            let yes = count(p), no = count("not (\(p))"), unknown = count("(\(p)) is missing")
            #expect(yes + no + unknown == total, "where \(p): \(yes) + \(no) + \(unknown) != \(total)")
        }
    }

    @Test func csvWrittenByKpiqlReadsBack() async throws {
        await propertyCheck(count: 200, input: Gen.int(in: 0...Int.max)) { seed in
            var gen = RandomQuery(seed: UInt64(seed))
            var q = gen.query()
            q.groupBy = nil
            q.select = [Query.SelectItem(expr: Expr(.name("id"), .none), alias: nil),
                        Query.SelectItem(expr: Expr(.name(gen.pick(["name", "commentary", "action", "printed_change"])), .none), alias: nil),
                        Query.SelectItem(expr: gen.number(depth: 2), alias: Query.Name(text: "x", span: .none)),
                        Query.SelectItem(expr: Expr(.name("status"), .none), alias: nil)]
            guard let result = try? Self.engine.run(QueryPrinter.format(q)) else { return }
            var options = FormatOptions(format: .csv)
            options.raw = true
            let csv = ResultFormatter.render(result, options)
            let records = try? CSVReader.read(bytes: Array(csv.utf8), name: "roundtrip.csv")
            #expect(records?.count == result.rowCount + 1)
            guard let records else { return }
            for (r, record) in records.dropFirst().enumerated() {
                for (c, column) in result.columns.enumerated() {
                    let cell = record.fields[c]
                    switch column.values[r] {
                    case .missing: #expect(cell.isEmpty)
                    case .number(let v): #expect(Double(cell) == v, "\(cell) != \(v)")
                    case .text(let s), .symbol(let s): #expect(cell == s)
                    case .bool(let b): #expect(cell == (b ? "true" : "false"))
                    }
                }
            }
        }
    }
}
