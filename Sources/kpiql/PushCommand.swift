import ArgumentParser
import Foundation
import KpiqlEngine
import KpiqlData
import KpiqlSQL
import KpiqlShell

/// `kpiql push TABLE --engine URL [--as NAME] [--replace]`: upload a bundled or loaded table
/// to PostgreSQL with COPY, in one transaction, so queries can run there with --engine.
struct PushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Upload a table to a PostgreSQL server (raw fields and metric inputs; the server derives the rest)."
    )

    @Argument(help: "The table to upload (metrics, budget, capital, or one given with --load).")
    var table: String

    @Option(name: .long, help: "The server: a postgresql:// URL or a libpq conninfo (the password from PGPASSWORD or ~/.pgpass).")
    var engine: String

    @Option(name: .customLong("as"), help: "The table's name on the server (default: its kpiql name).")
    var serverName: String?

    @Flag(name: .long, help: "Replace a table of that name on the server; without it an existing table is left alone.")
    var replace = false

    @OptionGroup var data: DataOptions

    mutating func run() throws {
        let output = Output.standard()
        let fail = output.fail
        let kpiql: Workspace
        do { kpiql = try Workspace.bundled(locating: data.datasets) } catch { throw fail(error) }
        let session = Session(workspace: kpiql, output: output)
        guard LoadCommands.loadFromCommandLine(session, files: data.load, directory: nil) else { throw ArgumentParser.ExitCode(session.exitStatus) }
        guard let t = kpiql.catalog.table(table) else {
            throw fail(Diagnostic(.usage, code: "K669", "no table named '\(table)'",
                                  hints: ["tables: " + kpiql.catalog.tableNames.joined(separator: ", ") + " (load others with --load FILE)"]))
        }
        do {
            try ServerCommands.connect(session, engine, discover: false)
            let rows = try ServerCommands.pushTable(t, server: session.server!, as: serverName, replace: replace,
                                                    terminal: output.errIsTerminal, note: session.note)
            session.note("pushed \(t.name) as \(serverName ?? t.name): \(rows) rows to \(session.server!.description)")
        } catch { throw fail(error) }
    }
}
