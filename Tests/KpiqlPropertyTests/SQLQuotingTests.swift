import Foundation
import XCTest
@testable import KpiqlEngine
@testable import KpiqlData
@testable import KpiqlSQL
@testable import KpiqlShell
@testable import KpiqlServer

/// No field name, table name or value can change a compiled statement: a table whose names
/// and values are written to break out of SQL quoting gives kpiql's answer on PostgreSQL and
/// DuckDB, and every table on the server is still there afterwards. Text operators keep their
/// meaning on such values: `%`, `_` and `\` are literal in `contains` and `starts with`.
final class SQLQuotingTests: XCTestCase {
    static let hostileTable = "t\"; DROP TABLE victim; --"
    static let hostileText = "a\"b'); DROP TABLE victim; --"
    static let labels = ["it's", "IT'S", "back\\slash", "50%_off", "50 off", "5000ff", "\"quoted\"", "x'); DROP TABLE victim; --", "ÉCOLE", "école", "line\nbreak", ""]

    func hostileCatalog() -> Engine {
        let workspace = Workspace()
        let n = Self.labels.count
        workspace.add(Table(name: Self.hostileTable, kind: .plain, columns: [
            Column.text("label", Self.labels),
            Column.text(Self.hostileText, (0..<n).map { "v\($0 % 3)'" }),
            Column.number("n; --", (0..<n).map { Double($0) - 4 }),
        ]))
        return workspace.engine
    }

    static let queries = [
        "from `\(hostileTable)` select *",
        "from `\(hostileTable)` where label contains \"%\" select label",
        "from `\(hostileTable)` where label contains \"_\" select label",
        "from `\(hostileTable)` where label contains \"\\\" select label",
        "from `\(hostileTable)` where label starts with \"x'\" select label, `n; --`",
        "from `\(hostileTable)` where label = \"it''s\" select label",
        "from `\(hostileTable)` where label = \"école\" select label",
        "from `\(hostileTable)` where label matches \"^[0-9]+%\" select label",
        "from `\(hostileTable)` where label matches \"\\d{2}.?o\" select label",
        "from `\(hostileTable)` where label matches \"e.b\" select label",
        "from `\(hostileTable)` where label matches \"(drop|quoted)\\W\" select label",
        "from `\(hostileTable)` where `\(hostileText)` = \"V1'\" order by label desc select label, `\(hostileText)`",
        "from `\(hostileTable)` group by `\(hostileText)` select `\(hostileText)`, count() as n, min(label) as first, max(label) as last",
        "from `\(hostileTable)` where label in (\"IT'S\", \"50 off\") or `n; --` between 1 and 2 order by `n; --` desc select label",
    ]

    func testHostileNamesAndValuesAgreeAndDropNothing() throws {
        let servers = try SQLServers.available()
        let engine = hostileCatalog()
        let tableName = try servers.push(engine.catalog.table(Self.hostileTable)!)
        let tablesBefore = try servers.postgres(["SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"])
        var pg: [String] = [], duck: [String] = [], results: [ResultSet] = []
        for q in Self.queries {
            let bound = try engine.prepare(q, source: SourceFile(name: "q", text: q))
            results.append(try Executor().run(bound))
            pg.append(try SQLCompiler(dialect: .postgres, catalog: engine.catalog).compile(bound, serverName: tableName))
            duck.append(try SQLCompiler(dialect: .duckdb, catalog: engine.catalog).compile(bound, serverName: tableName))
        }
        XCTAssertGreaterThan(results.map(\.rowCount).reduce(0, +), 0)
        for (i, (p, d)) in zip(try servers.postgres(pg), try servers.duckdb(duck)).enumerated() {
            if let diff = SQLAgreement.difference(results[i], p) { XCTFail("PostgreSQL: \(Self.queries[i])\n\(diff)\n\(pg[i])") }
            if let diff = SQLAgreement.difference(results[i], d) { XCTFail("DuckDB: \(Self.queries[i])\n\(diff)\n\(duck[i])") }
        }
        XCTAssertEqual(try servers.postgres(["SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"]), tablesBefore)
    }

    /// The escapes themselves, on text that would end a quote or widen a LIKE pattern.
    func testQuotingAndLikeEscapes() {
        for d in SQLDialect.allCases {
            XCTAssertEqual(d.identifier("a\"b"), "\"a\"\"b\"")
            XCTAssertEqual(d.literal("it's"), "'it''s'")
            XCTAssertEqual(d.literal("back\\slash"), "'back\\slash'")
        }
        XCTAssertEqual(SQLExpressions.likeEscaped("50%_off\\"), "50\\%\\_off\\\\")
    }
}
