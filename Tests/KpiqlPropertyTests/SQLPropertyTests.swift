import Foundation
import XCTest
@testable import KpiqlEngine
@testable import KpiqlData
import KpiqlTestSupport
@testable import KpiqlSQL
@testable import KpiqlShell
@testable import KpiqlServer

/// Random queries compiled to SQL give kpiql's answer, the same rows in the same order: the
/// grammar's own generator (`RandomQuery.query`) and one aimed at the constructs whose SQL is
/// subtle (`sqlQuery`), each on PostgreSQL and on DuckDB. The cases come from fixed seeds, so a
/// failure reproduces; KPIQL_SQL_SEED picks another series, KPIQL_SQL_CASES another count (of
/// queries that bind, per generator; 1,200 by default).
final class SQLPropertyTests: XCTestCase {
    struct Case { var seed: UInt64; var text: String; var result: ResultSet; var postgres: String; var duckdb: String }

    func testGrammarQueriesAgree() throws { try check("grammar") { $0.query() } }

    func testSubtleConstructsAgree() throws { try check("constructs") { $0.sqlQuery() } }

    /// Comparisons between areas (`SQLComparisonQuery`), over two loaded tables with areas; a
    /// third of the default count, as the tables are small and the queries alike.
    func testComparisonsAgree() throws {
        let workspace = try Workspace.bundled(directory: Repo.datasets)
        let (output, _) = Output.capturing()
        let session = Session(workspace: workspace, output: output)
        let fixtures = Repo.root.appendingPathComponent("Tests/fixtures").path
        XCTAssertTrue(LoadCommands.loadFromCommandLine(session, files: [fixtures + "/groups/scotland_lgbf.csv=lgbf", fixtures + "/load/fingertips.csv=ft"], directory: nil))
        let mixed = FileManager.default.temporaryDirectory.appendingPathComponent("kpiql-mixed-\(getpid()).json")
        try SQLComparisonQuery.mixedMapping.write(to: mixed, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: mixed) }
        let groups = ".group families \(fixtures)/groups/scotland_family_groups.csv\n.group pairs \(fixtures)/groups/neighbour_pairs.csv\n.group mixed \(mixed.path)\n"
        for st in StatementSplitter.split(groups) { session.execute(st, source: SourceFile(name: "groups", text: groups)) }
        for g in ["families", "pairs", "mixed"] { XCTAssertNotNil(workspace.engine.catalog.groups[g], "group \(g) not defined") }
        try check("comparisons", engine: workspace.engine, tables: ["lgbf", "ft"], share: 3) { seed in var gen = SQLComparisonQuery(seed: seed); return gen.query() }
    }

    /// Joins (`SQLJoinQuery`) of the bundled `metrics` with St Helens' Q1 and with itself.
    func testJoinsAgree() throws {
        let workspace = try Workspace.bundled(directory: Repo.datasets)
        let (output, _) = Output.capturing()
        XCTAssertTrue(LoadCommands.loadFromCommandLine(Session(workspace: workspace, output: output), files: [Repo.datasets + "/st_helens_2024q1.csv=q1"], directory: nil))
        try check("joins", engine: workspace.engine, tables: ["metrics", "q1"], share: 3) { seed in var gen = SQLJoinQuery(seed: seed); return gen.query() }
    }

    func check(_ name: String, _ make: (inout RandomQuery) -> Query) throws {
        try check(name, engine: try Workspace.bundled(directory: Repo.datasets).engine, tables: ["metrics"]) { seed in
            var gen = RandomQuery(seed: seed)
            return QueryPrinter.format(make(&gen))
        }
    }

    /// Runs `count / share` random queries (those that bind) on kpiql and both servers, the
    /// `tables` pushed first under their own names, as the queries name them.
    func check(_ name: String, engine: Engine, tables: [String], share: Int = 1, _ make: (UInt64) -> String) throws {
        let servers = try SQLServers.available()
        let env = ProcessInfo.processInfo.environment
        let count = (Int(env["KPIQL_SQL_CASES"] ?? "") ?? 1200) / share
        let base = UInt64(env["KPIQL_SQL_SEED"] ?? "") ?? 20261202
        var serverNames: [String: String] = [:]
        for t in tables { serverNames[t] = try servers.push(engine.catalog.table(t)!) }
        var cases: [Case] = []
        var unbound = 0
        var seeds = SplitMix(seed: base)
        // Only queries that bind count: a grouped query ordered by a plain field is refused by the binder.
        for _ in 0..<(4 * count) where cases.count < count {
            let seed = seeds.next()
            let text = make(seed)
            let bound: BoundQuery
            do { bound = try engine.prepare(text, source: SourceFile(name: "random", text: text)) } catch {
                if unbound < 5, env["KPIQL_SQL_VERBOSE"] != nil { print("unbound: \(text): \(error.message)") }
                unbound += 1
                continue
            }
            let result = try Executor(threads: 1).run(bound)
            let serverName = serverNames[bound.table.name] ?? bound.table.name
            do {
                cases.append(Case(seed: seed, text: text, result: result,
                                  postgres: try SQLCompiler(dialect: .postgres, catalog: engine.catalog).compile(bound, serverName: serverName, serverNames: serverNames),
                                  duckdb: try SQLCompiler(dialect: .duckdb, catalog: engine.catalog).compile(bound, serverName: serverName, serverNames: serverNames)))
            } catch {
                XCTFail("seed \(seed): \(text) does not compile: \(error)")
            }
        }
        if env["KPIQL_SQL_VERBOSE"] != nil { for c in cases.prefix(12) { print("case: \(c.text) -> \(c.result.rowCount) rows") } }
        XCTAssertGreaterThanOrEqual(cases.count, min(count, 1000 / share), "too few random queries bound")
        var failures = 0
        for (engineName, outcomes, sql) in [("PostgreSQL", try servers.postgres(cases.map(\.postgres)), \Case.postgres),
                                            ("DuckDB", try servers.duckdb(cases.map(\.duckdb)), \Case.duckdb)] {
            XCTAssertEqual(outcomes.count, cases.count)
            for (c, o) in zip(cases, outcomes) {
                guard let d = SQLAgreement.difference(c.result, o) else { continue }
                failures += 1
                if failures <= 8 { XCTFail("\(engineName), seed \(c.seed): \(c.text)\n\(d)\n\(c[keyPath: sql])") }
            }
        }
        print("sql property (\(name)): \(cases.count) random queries on kpiql, PostgreSQL and DuckDB, \(failures) disagreements (\(unbound) did not bind; seed \(base))")
    }
}
