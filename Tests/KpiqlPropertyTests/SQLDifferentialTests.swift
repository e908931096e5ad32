import Foundation
import XCTest
@testable import KpiqlEngine
import KpiqlTestSupport
@testable import KpiqlShell
@testable import KpiqlData
@testable import KpiqlSQL
@testable import KpiqlServer

/// Every golden query that compiles runs on kpiql, on PostgreSQL and on DuckDB (the tables it
/// reads pushed in the layout of `SQLTableShape`, each table of a join), and the three answers must be the same rows
/// in the same order. Queries that do not bind (the error goldens) are not compiled; queries
/// with a construct that does not translate must be refused with K660, never mistranslated.
final class SQLDifferentialTests: XCTestCase {
    struct Case {
        var label: String
        var result: ResultSet
        var postgres: String
        var duckdb: String
    }

    func testGoldenQueriesAgreeOnPostgresAndDuckDB() throws {
        let servers = try SQLServers.available()
        let root = servers.root
        let goldenDir = root.appendingPathComponent("Tests/golden").path
        let files = (FileManager.default.enumerator(atPath: goldenDir)?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".test") }.sorted()
        XCTAssertGreaterThan(files.count, 20)
        let cwd = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(root.path)
        defer { FileManager.default.changeCurrentDirectoryPath(cwd) }
        var cases: [Case] = [], refused: [String] = [], tables: [(Table, String)] = []
        for file in files {
            let text = try String(contentsOfFile: goldenDir + "/" + file, encoding: .utf8)
            guard let sep = text.range(of: "\n----\n") else { continue }
            let script = String(text[..<sep.lowerBound]) + "\n"
            let workspace = try Workspace.bundled(directory: Repo.datasets), engine = workspace.engine
            let (output, _) = Output.capturing()
            let session = Session(workspace: workspace, output: output)
            if let first = script.split(separator: "\n").first, first.hasPrefix("-- args:") {
                let args = first.dropFirst(8).split(separator: " ").map(String.init)
                let loads = zip(args, args.dropFirst()).filter { $0.0 == "--load" }.map(\.1)
                let data = zip(args, args.dropFirst()).first { $0.0 == "--data" }?.1
                _ = LoadCommands.loadFromCommandLine(session, files: loads, directory: data)
            }
            let source = SourceFile(name: file, text: script)
            for (n, st) in StatementSplitter.split(script).enumerated() {
                if st.kind == .dot { session.execute(st, source: source); continue }
                guard let bound = try? engine.prepare(st.text, source: source, base: st.offset, parameters: session.parameters),
                      let result = try? Executor(threads: 1).run(bound) else { continue }
                let label = "\(file) #\(n + 1): \(st.text.trimmingCharacters(in: .whitespacesAndNewlines))"
                do {
                    // A construct the compiler refuses is found before its table is pushed.
                    _ = try SQLCompiler(dialect: .postgres, catalog: engine.catalog).compile(bound, serverName: "probe")
                    // A join reads each of its tables, pushed under names of their own.
                    var names: [String: String] = [:]
                    for t in bound.join?.sides.map(\.table) ?? [bound.table] {
                        let serverName = try servers.push(t)
                        names[t.name.lowercased()] = serverName
                        if !tables.contains(where: { $0.1 == serverName }) { tables.append((t, serverName)) }
                    }
                    let serverName = names[bound.table.name.lowercased()]
                    let pg = try SQLCompiler(dialect: .postgres, catalog: engine.catalog).compile(bound, serverName: serverName, serverNames: names)
                    let duck = try SQLCompiler(dialect: .duckdb, catalog: engine.catalog).compile(bound, serverName: serverName, serverNames: names)
                    cases.append(Case(label: label, result: result, postgres: pg, duckdb: duck))
                } catch let d as Diagnostic {
                    XCTAssertEqual(d.code, "K660", "\(label): \(d.message)")
                    refused.append("\(label): \(d.message)")
                }
            }
        }
        let pg = try servers.postgres(cases.map(\.postgres)), duck = try servers.duckdb(cases.map(\.duckdb))
        XCTAssertEqual(pg.count, cases.count)
        XCTAssertEqual(duck.count, cases.count)
        var failures = 0
        for (i, c) in cases.enumerated() {
            if i < pg.count, let d = SQLAgreement.difference(c.result, pg[i]) { failures += 1; XCTFail("PostgreSQL: \(c.label)\n\(d)\n\(c.postgres)") }
            if i < duck.count, let d = SQLAgreement.difference(c.result, duck[i]) { failures += 1; XCTFail("DuckDB: \(c.label)\n\(d)\n\(c.duckdb)") }
        }
        XCTAssertGreaterThan(cases.count, 80, "too few golden queries compiled")
        print("sql differential: \(cases.count) golden queries compiled and run on kpiql, PostgreSQL and DuckDB, \(failures) disagreements; \(refused.count) refused (K660), \(tables.count) tables pushed")
        for r in refused { print("  refused: \(r.prefix(160))") }
    }
}
