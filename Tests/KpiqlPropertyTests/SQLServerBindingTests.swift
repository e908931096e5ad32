import Foundation
import XCTest
@testable import KpiqlEngine
@testable import KpiqlServer
@testable import KpiqlShell
@testable import KpiqlData
import KpiqlSQL
import KpiqlTestSupport

/// Binding on a server, against the throwaway cluster: a server table binds to the server's
/// columns even when kpiql holds a table of that name (until this session pushes its own);
/// bare words against text fields of a server-only table are taken as written; the push's
/// progress bar goes to a terminal only, through the session's output.
final class SQLServerBindingTests: XCTestCase {
    func conninfo(_ servers: SQLServers) -> String { "host=\(servers.pgHost) user=\(servers.pgUser) dbname=postgres" }

    func session(_ servers: SQLServers, output: Output? = nil) throws -> (Session, () -> String) {
        let (captured, text) = Output.capturing()
        let workspace = try Workspace.bundled(directory: Repo.datasets)
        let s = Session(workspace: workspace, output: output ?? captured)
        s.format.format = .csv
        return (s, text)
    }

    func testServerTableBindsToTheServersColumnsOverALocalOneOfTheSameName() throws {
        let servers = try SQLServers.available()
        let (s, text) = try session(servers)
        let local = Table(name: "shadow_t", kind: .plain, columns: [Column.text("area", ["Sefton", "Wirral"]), Column.number("v", [1, 2])])
        s.engine.catalog.add(local)
        let admin = try ServerEngine(conninfo(servers))
        try admin.connection.exec("""
            DROP TABLE IF EXISTS shadow_t; DROP TABLE IF EXISTS only_here;
            CREATE TABLE shadow_t (area text, v double precision, extra double precision);
            INSERT INTO shadow_t VALUES ('Sefton', 10, 100), ('Knowsley', 20, 200);
            CREATE TABLE only_here (n double precision)
            """)
        try ServerCommands.connect(s, conninfo(servers))
        // `extra` is a column of the server's table only: it binds, and the rows are the server's.
        XCTAssertTrue(s.runScript("from shadow_t where area = \"knowsley\" select area, v, extra;", name: "q"), text())
        XCTAssertTrue(text().hasSuffix("area,v,extra\nKnowsley,20,200\n"), text())
        // A stand-in has no rows to push: the local table behind it is pushed, and binds again.
        XCTAssertTrue(s.runScript(".push shadow_t --replace", name: "q"), text())
        XCTAssertTrue(s.engine.catalog.table("shadow_t") === local)
        XCTAssertTrue(s.runScript("from shadow_t select area, v;", name: "q"), text())
        XCTAssertTrue(text().hasSuffix("area,v\nSefton,1\nWirral,2\n"), text())
        XCTAssertEqual(try admin.connection.exec("SELECT count(*) FROM shadow_t").cells, [["2"]])
        XCTAssertFalse(s.runScript(".push only_here --replace", name: "q"))
        XCTAssertTrue(text().contains("only_here is on the server only"), text())
        // Leaving the server brings back what kpiql holds, and nothing of the server.
        ServerCommands.disconnect(s)
        XCTAssertTrue(s.engine.catalog.table("shadow_t") === local)
        XCTAssertNil(s.engine.catalog.table("only_here"))
    }

    func testShadowingIsUndoneWhenLeavingTheServer() throws {
        let servers = try SQLServers.available()
        let (s, _) = try session(servers)
        let local = Table(name: "shadow_u", kind: .plain, columns: [Column.number("v", [1])])
        s.engine.catalog.add(local)
        let admin = try ServerEngine(conninfo(servers))
        try admin.connection.exec("DROP TABLE IF EXISTS shadow_u; CREATE TABLE shadow_u (w double precision)")
        try ServerCommands.connect(s, conninfo(servers))
        XCTAssertNotNil(s.engine.catalog.table("shadow_u")?.column("w"))
        ServerCommands.disconnect(s)
        XCTAssertTrue(s.engine.catalog.table("shadow_u") === local)
    }

    func testBareWordsOnTextFieldsOfAServerOnlyTable() throws {
        let servers = try SQLServers.available()
        let (s, text) = try session(servers)
        let admin = try ServerEngine(conninfo(servers))
        try admin.connection.exec("""
            DROP TABLE IF EXISTS bare_t;
            CREATE TABLE bare_t (area text, status text);
            INSERT INTO bare_t VALUES ('Sefton', 'red'), ('Wirral', 'Green'), ('Halton', 'amber')
            """)
        try ServerCommands.connect(s, conninfo(servers))
        let ok = s.runScript("from bare_t where status = RED select area; from bare_t where status in (green, amber) select area;", name: "q")
        XCTAssertTrue(ok, text())
        XCTAssertTrue(text().hasSuffix("area\nSefton\narea\nWirral\nHalton\n"), text())
    }

    func testPushProgressBarOnlyOnATerminal() throws {
        let servers = try SQLServers.available()
        for terminal in [false, true] {
            let (captured, text) = Output.capturing()
            captured.errIsTerminal = terminal
            let (s, _) = try session(servers, output: captured)
            try ServerCommands.connect(s, conninfo(servers), discover: false)
            let metrics = try XCTUnwrap(s.engine.catalog.table("metrics"))
            _ = try ServerCommands.pushTable(metrics, server: s.server!, as: "progress_m", replace: true, output: captured)
            if terminal {
                XCTAssertTrue(text().hasPrefix("\r"), text())
                XCTAssertTrue(text().hasSuffix("█████████████████████████ 100% (\(metrics.rowCount) of \(metrics.rowCount) rows)\n"), text())
            } else {
                XCTAssertEqual(text(), "")
            }
        }
    }
}
