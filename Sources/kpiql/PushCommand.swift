import ArgumentParser
import Foundation
import KpiqlEngine
import KpiqlData
import KpiqlSQL
import KpiqlShell

/// `kpiql push TABLE --engine URL [--as NAME] [--replace] [--derive]`: upload a bundled or
/// loaded table to PostgreSQL with COPY, in one transaction, so queries can run there with
/// --engine; `--derive` adds a materialised view of the derived fields that queries read.
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

    @Flag(name: .long, help: "Also store the derived fields (latest … status, at --tolerance) in an indexed materialised view that --engine queries read.")
    var derive = false

    @Option(name: .long, help: "Amber tolerance in percent for the derived view's status (default 5).")
    var tolerance: Double?

    @OptionGroup var data: DataOptions

    mutating func run() throws {
        let output = Output.standard()
        let fail = output.fail
        let kpiql: Workspace
        do { kpiql = try Workspace.bundled(locating: data.datasets) } catch { throw fail(error) }
        let session = Session(workspace: kpiql, output: output)
        guard LoadCommands.loadFromCommandLine(session, files: data.load, directory: nil) else { throw ArgumentParser.ExitCode(session.exitStatus) }
        // Before the table is taken: the tolerance re-derives the metrics tables' status.
        if let tolerance { do { try kpiql.setTolerance(tolerance) } catch { throw fail(error) } }
        guard let t = kpiql.catalog.table(table) else {
            throw fail(Diagnostic(.usage, code: "K669", "no table named '\(table)'",
                                  hints: ["tables: " + kpiql.catalog.tableNames.joined(separator: ", ") + " (load others with --load FILE)"]))
        }
        do {
            try ServerCommands.connect(session, engine, discover: false)
            let rows = try ServerCommands.pushTable(t, server: session.server!, as: serverName, replace: replace,
                                                    derive: derive ? kpiql.catalog.tolerance : nil,
                                                    output: output)
            session.note("pushed \(t.name) as \(serverName ?? t.name): \(rows) rows to \(session.server!.description)"
                         + (derive ? "; derived fields in \(SQLDerivedView.name(for: serverName ?? t.name))" : ""))
        } catch { throw fail(error) }
    }
}
