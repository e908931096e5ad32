import Foundation
import XCTest
@testable import KpiqlEngine
@testable import KpiqlServer
@testable import KpiqlShell
@testable import KpiqlData
import KpiqlSQL
import KpiqlTestSupport

/// `push --derive` against the throwaway cluster: the derived view is made in the push's
/// transaction, queries read it (from the session that pushed and from one that finds it in
/// the server's catalog) and print what memory prints; a query at another tolerance computes
/// from the table; `--replace` without `--derive` takes the view away with the old table.
final class SQLDerivedViewTests: XCTestCase {
    let queries = [
        "where priority = \"Children\" and status = red order by variance;",
        "order by variance limit 7 select id, latest, previous, change, direction, trend, gap, status;",
        "group by priority, status select priority, status, count() as n, median(variance) as v;",
        "where declining(2) or improving(2) select id, latest, trend, reported_status;",
    ]

    func session(_ servers: SQLServers) throws -> (Session, () -> String) {
        let (output, text) = Output.capturing()
        let workspace = try Workspace.bundled(directory: Repo.datasets)
        let s = Session(workspace: workspace, output: output)
        s.format.format = .csv
        return (s, text)
    }

    func sql(_ s: Session, _ query: String) throws -> String {
        try SQLCommands.compile(s, query, source: SourceFile(name: "q", text: query), base: 0, dialect: .postgres)
    }

    func testPushDeriveMakesAViewThatQueriesRead() throws {
        let servers = try SQLServers.available()
        let conninfo = "host=\(servers.pgHost) user=\(servers.pgUser) dbname=postgres"
        let (s, text) = try session(servers)
        s.runScript(queries.joined(separator: "\n"), name: "memory")
        let memory = text()
        XCTAssertEqual(s.errorCount, 0, memory)

        try ServerCommands.connect(s, conninfo)
        let metrics = try XCTUnwrap(s.engine.catalog.table("metrics"))
        _ = try ServerCommands.pushTable(metrics, server: s.server!, as: "derived_m", replace: true,
                                         derive: s.engine.catalog.tolerance, output: Output.capturing().0)
        let c = s.server!.connection
        XCTAssertEqual(try c.exec("SELECT relkind FROM pg_class WHERE relname = 'derived_m_kpiql_derived'").cells, [["m"]])
        // The session that pushed reads the view, and prints what memory prints.
        let statement = try sql(s, "where status = red order by variance")
        XCTAssertTrue(statement.contains("FROM \"derived_m_kpiql_derived\""), statement)
        XCTAssertFalse(statement.contains("kpiql_inputs"), statement)
        s.runScript(queries.joined(separator: "\n"), name: "server")
        XCTAssertEqual(s.errorCount, 0, text())
        XCTAssertEqual(String(text().dropFirst(memory.count)), memory)
        // The view's status is for 5%: at 10% the query computes from the table.
        try s.workspace.setTolerance(10)
        XCTAssertFalse(try sql(s, "where status = red").contains("kpiql_derived"))
        try s.workspace.setTolerance(5)

        // A session that finds the table on the server finds its view too (not as a table).
        let (found, foundText) = try session(servers)
        try ServerCommands.connect(found, conninfo)
        XCTAssertNil(found.engine.catalog.table("derived_m_kpiql_derived"))
        XCTAssertEqual(found.server!.derivedViews["derived_m"]?.tolerance, 5)
        XCTAssertTrue(try sql(found, "from derived_m where status = red").contains("\"derived_m_kpiql_derived\""))
        found.runScript(queries.map { "from derived_m " + $0 }.joined(separator: "\n"), name: "found")
        XCTAssertEqual(found.errorCount, 0, foundText())
        XCTAssertEqual(foundText(), memory)

        // Replaced without --derive: the old view goes with the old table, queries compute again.
        _ = try ServerCommands.pushTable(metrics, server: s.server!, as: "derived_m", replace: true, output: Output.capturing().0)
        XCTAssertEqual(try c.exec("SELECT to_regclass('derived_m_kpiql_derived') IS NULL").cells, [["t"]])
        XCTAssertFalse(try sql(s, "where status = red").contains("kpiql_derived"))
    }

    func testDeriveIsRefusedWholeForATableWithNothingToDerive() throws {
        let servers = try SQLServers.available()
        let (s, _) = try session(servers)
        let server = try ServerEngine("host=\(servers.pgHost) user=\(servers.pgUser) dbname=postgres")
        try server.connection.exec("DROP TABLE IF EXISTS derived_budget")
        XCTAssertThrowsError(try ServerPush.push(s.engine.catalog.table("budget")!, to: server, as: "derived_budget", replace: true, derive: 5)) { e in
            XCTAssertEqual((e as? Diagnostic)?.code, "K670")
        }
        XCTAssertEqual(try server.connection.exec("SELECT to_regclass('derived_budget') IS NULL").cells, [["t"]])
    }
}
