import Foundation
import XCTest
@testable import KpiqlEngine
@testable import KpiqlServer
import KpiqlReport
@testable import KpiqlShell
@testable import KpiqlData
import KpiqlTestSupport
@testable import KpiqlSQL

/// `--engine`, `.engine` and `push` against the throwaway cluster: results equal the
/// in-memory ones through the same formatters; push is one transaction that leaves nothing
/// behind on failure and never replaces without being asked; a lost connection is an error
/// the session survives; a password is never taken from the connection string.
final class SQLServerTests: XCTestCase {
    func conninfo(_ servers: SQLServers) -> String { "host=\(servers.pgHost) user=\(servers.pgUser) dbname=postgres" }

    func session(_ servers: SQLServers) throws -> (Session, () -> String) {
        let (output, text) = Output.capturing()
        let engine = try Workspace.bundled(directory: Repo.datasets)
        return (Session(workspace: engine, output: output), text)
    }

    func testQueriesOnTheServerPrintWhatMemoryPrints() throws {
        let servers = try SQLServers.available()
        let (s, text) = try session(servers)
        let script = """
            where priority = "Children" and status = red order by variance;
            group by priority with totals select priority, count() as n, pct(status = green) as green, median(variance) as mid order by n desc;
            from budget where line contains "care" select line, budget, forecast - budget as over;
            where name contains "%" or id starts with "c_" select id, round(latest / 3, 1) as third, trend;
            from metrics as now join metrics as was on id and council where now.status = red select now.council, now.id, was.latest, was.status order by now.id;
            from metrics as now left join metrics as was on id where was.trend = worsening group by now.priority having count() > 2 select now.priority, count() as n;
            """
        s.format.format = .csv
        s.runScript(script, name: "memory")
        let memory = text()
        try ServerCommands.connect(s, conninfo(servers))
        for t in ["metrics", "budget"] { _ = try ServerCommands.pushTable(s.engine.catalog.table(t)!, server: s.server!, as: "srv_\(t)", replace: true, output: Output.capturing().0) }
        s.runScript(script, name: "server")
        let both = text()
        XCTAssertEqual(s.errorCount, 0, both)
        XCTAssertEqual(String(both.dropFirst(memory.count)), memory)
        XCTAssertGreaterThan(memory.split(separator: "\n").count, 10)
    }

    func testTablesFoundOnTheServerBindAndRun() throws {
        let servers = try SQLServers.available()
        let (pusher, _) = try session(servers)
        try ServerCommands.connect(pusher, conninfo(servers))
        _ = try ServerCommands.pushTable(pusher.engine.catalog.table("metrics")!, server: pusher.server!, as: "warehouse_only", replace: true, output: Output.capturing().0)
        try pusher.server!.connection.exec("DROP TABLE IF EXISTS made_by_hand; CREATE TABLE made_by_hand (area text, value double precision, n integer); INSERT INTO made_by_hand VALUES ('Sefton', 2.5, 1), ('Wirral', NULL, 2), ('sefton', 7, 3)")
        // The period text fields are derived on the server from the labels push wrote.
        let queries = ["where priority = \"Children\" and status in (red, amber) and good = low order by variance select id, latest, variance, status, trend, reported_status, previous, latest_period, previous_period, comparison;",
                       "group by comparison select comparison, count() as n, min(previous_period) as first, pct(trend = improving) as up;"]
        let query = queries.joined(separator: "\n")
        let (s, text) = try session(servers)
        s.format.format = .csv
        s.runScript(query, name: "memory")
        let memory = text()
        try ServerCommands.connect(s, conninfo(servers))
        // Found in the server's catalog: a pushed metrics table (derived fields, enums from the
        // push's column comments) and a table made by hand, with no kpiql row order.
        XCTAssertEqual(s.engine.catalog.table("warehouse_only")?.kind, .metrics)
        XCTAssertEqual(s.engine.catalog.table("warehouse_only")?.column("good")?.type, .enumeration(.good))
        s.runScript(queries.map { "from warehouse_only " + $0 }.joined(separator: "\n") + "from made_by_hand where area = \"SEFTON\" group by area select area, sum(value) as v;", name: "server")
        XCTAssertEqual(s.errorCount, 0, text())
        XCTAssertEqual(String(text().dropFirst(memory.count)), memory + "area,v\nSefton,2.5\nsefton,7\n")
        // A report's provenance names the server and table, not a file.
        let source = try XCTUnwrap(ReportProvenance.sources(tables: ["warehouse_only"], catalog: s.engine.catalog).first)
        XCTAssertTrue(source.onServer)
        XCTAssertTrue(source.name.hasSuffix("/postgres, table warehouse_only"), source.name)
        ServerCommands.disconnect(s)
        XCTAssertNil(s.engine.catalog.table("warehouse_only"))
    }

    func testPushIsOneTransactionAndNeverReplacesUnasked() throws {
        let servers = try SQLServers.available()
        let (s, _) = try session(servers)
        let server = try ServerEngine(conninfo(servers))
        let budget = s.engine.catalog.table("budget")!
        XCTAssertEqual(try ServerPush.push(budget, to: server, as: "push_once", replace: true), budget.rowCount)
        XCTAssertThrowsError(try ServerPush.push(budget, to: server, as: "push_once", replace: false)) { e in
            XCTAssertEqual((e as? Diagnostic)?.code, "K668")
        }
        XCTAssertEqual(try server.connection.exec("SELECT count(*) FROM push_once").cells, [["\(budget.rowCount)"]])
        // A failure inside the transaction (two names the server cuts to the same 63 bytes) leaves no table behind.
        let long = String(repeating: "x", count: 70)
        let bad = Table(name: "push_bad", kind: .plain, columns: [Column.number(long + "1", [1, 2]), Column.number(long + "2", [3, 4])])
        try server.connection.exec("DROP TABLE IF EXISTS push_bad")
        XCTAssertThrowsError(try ServerPush.push(bad, to: server, replace: true))
        XCTAssertEqual(try server.connection.exec("SELECT to_regclass('push_bad') IS NULL").cells, [["t"]])
        XCTAssertEqual(try server.connection.exec("SELECT count(*) FROM push_once").cells, [["\(budget.rowCount)"]])
    }

    func testLostConnectionIsAnErrorTheSessionSurvives() throws {
        let servers = try SQLServers.available()
        let (s, text) = try session(servers)
        try ServerCommands.connect(s, conninfo(servers))
        _ = try ServerCommands.pushTable(s.engine.catalog.table("budget")!, server: s.server!, as: nil, replace: true, output: Output.capturing().0)
        let pid = try XCTUnwrap(s.server!.connection.exec("SELECT pg_backend_pid()").cells.first?.first ?? nil)
        _ = try servers.postgres(["SELECT pg_terminate_backend(\(pid))"])
        XCTAssertFalse(s.runScript("from budget select count() as n;", name: "q"))
        XCTAssertTrue(text().contains("K666") || text().contains("connection to the server was lost"), text())
        XCTAssertTrue(s.runScript("from budget select count() as n;", name: "q"), text())
    }

    func testPasswordsAreRefusedAndNeverPrinted() throws {
        for url in ["postgresql://ann:s3cret-pw@localhost/db", "host=localhost password=s3cret-pw dbname=db"] {
            XCTAssertThrowsError(try ServerEngine(url)) { e in
                let d = e as? Diagnostic
                XCTAssertEqual(d?.code, "K664")
                XCTAssertFalse(DiagnosticRenderer().render(d!).contains("s3cret-pw"))
            }
        }
    }

    func testServerErrorIsADiagnosticAtTheQuery() throws {
        let servers = try SQLServers.available()
        let (s, text) = try session(servers)
        try ServerCommands.connect(s, conninfo(servers))
        s.server!.serverNames["capital"] = "no_such_table_here"
        XCTAssertFalse(s.runScript("from capital select count() as n;", name: "q.kpiql"))
        XCTAssertTrue(text().contains("the server refused the query") && text().contains("q.kpiql:1:1"), text())
    }
}
