import ArgumentParser
import Foundation
import KpiqlEngine
import KpiqlData
import KpiqlSQL
import KpiqlShell

/// `kpiql sql`: print the SQL that queries compile to, for PostgreSQL or DuckDB, without
/// running them. The statements read tables laid out as `kpiql push` writes them.
struct SQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Print the SQL a query compiles to (postgres or duckdb), without running it."
    )

    @Option(name: [.short, .customLong("command")], help: "Compile QUERY. Repeatable.")
    var command: [String] = []

    @Option(name: [.short, .customLong("file")], help: "Compile every query in FILE (dot commands in it run). Repeatable.")
    var file: [String] = []

    @Option(name: .long, help: "SQL dialect: postgres (the default) or duckdb.")
    var dialect: String = "postgres"

    @Option(name: .long, help: "Give a query parameter a value: --param priority=Adults. Repeatable.")
    var param: [String] = []

    @Option(name: .long, help: "Amber tolerance in percent, written into the SQL of status (default 5).")
    var tolerance: Double?

    @OptionGroup var data: DataOptions

    mutating func run() throws {
        let output = Output.standard()
        let fail = output.fail
        guard let d = SQLDialect(rawValue: dialect.lowercased()) else { throw fail(SQLRefusal.unknownDialect(dialect)) }
        let workspace: Workspace
        do { workspace = try Workspace.bundled(locating: data.datasets) } catch { throw fail(error) }
        let session = Session(workspace: workspace, output: output)
        do {
            if let tolerance { try workspace.setTolerance(tolerance) }
            for p in param {
                guard let eq = p.firstIndex(of: "="), eq != p.startIndex else {
                    throw Diagnostic(.usage, code: "K802", "--param needs NAME=VALUE, found '\(p)'")
                }
                session.parameters[String(p[..<eq])] = String(p[p.index(after: eq)...])
            }
        } catch let e as Diagnostic { throw fail(e) }
        guard !command.isEmpty || !file.isEmpty else {
            throw fail(Diagnostic(.usage, code: "K663", "kpiql sql needs a query: -c QUERY or -f FILE",
                                  hints: ["for example: kpiql sql -c 'where status = red order by variance'"]))
        }
        _ = LoadCommands.loadFromCommandLine(session, files: data.load, directory: nil)
        for c in command { SQLCommands.runScript(session, c, name: "query", dialect: d) }
        for f in file { ScriptFile.run(f, in: session) { text in SQLCommands.runScript(session, text, name: f, dialect: d) } }
        session.finish()
        if session.exitStatus != 0 { throw ArgumentParser.ExitCode(session.exitStatus) }
    }
}
