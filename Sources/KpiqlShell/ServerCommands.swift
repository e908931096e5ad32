import Foundation
import KpiqlEngine
import KpiqlData
import KpiqlServer

/// `.engine [URL | off]` and `.push TABLE [as NAME] [--replace] [--derive]`, and the same for the
/// command line (`--engine URL`, `kpiql push`).
public enum ServerCommands {
    /// Connects the session to a server; queries then run there.
    /// `discover`: read the server's catalog for tables kpiql does not hold (not needed to push).
    public static func connect(_ s: Session, _ url: String, discover: Bool = true) throws(Diagnostic) {
        let server = try ServerEngine(url)
        disconnect(s)
        s.server = server
        if discover { try server.discover(into: s.engine.catalog) }
    }

    /// Connects the session to a server already connected and its catalog already read (see
    /// `ServerConnecting`), then puts the server's tables into the session's catalog.
    public static func connect(_ s: Session, _ server: ServerEngine, catalog rows: PGConnection.Rows) {
        disconnect(s)
        s.server = server
        server.discover(rows, into: s.engine.catalog)
    }

    /// Back to memory: the tables found on the server leave the catalog.
    public static func disconnect(_ s: Session) {
        s.server?.forget(in: s.engine.catalog)
        s.server = nil
    }

    static func engine(_ s: Session, _ a: DotArguments) throws(Diagnostic) {
        guard a.count > 0 else {
            s.write((s.server.map { "postgresql: \($0.description)" } ?? "memory (no server: .engine URL runs queries on PostgreSQL)") + "\n")
            return
        }
        if a[0].lowercased() == "off" || a[0].lowercased() == "memory" {
            disconnect(s)
            s.note("queries run in memory")
            return
        }
        let url = a.words.joined(separator: " ")
        try connect(s, url)
        let found = s.server!.discovered.values.map(\.table.name).sorted()
        s.note("queries run on postgresql: \(s.server!.description)" + (found.isEmpty ? "" : "; tables found there: " + found.joined(separator: ", ")))
    }

    /// `.push TABLE [as NAME] [--replace] [--derive]`.
    static func push(_ s: Session, _ a: DotArguments) throws(Diagnostic) {
        guard let server = s.server else {
            throw a.error(".push needs a server", hints: ["connect first: .engine postgresql://user@host/database"])
        }
        guard a.count >= 1 else { throw a.error(".push needs a table name", hints: ["for example: .push metrics"]) }
        var name: String?, replace = false, derive = false
        var i = 1
        while i < a.count {
            switch a[i].lowercased() {
            case "as" where i + 1 < a.count: name = a[i + 1]; i += 2
            case "--replace": replace = true; i += 1
            case "--derive": derive = true; i += 1
            default: throw a.error("unexpected '\(a[i])'", at: i, hints: ["usage: .push TABLE [as NAME] [--replace] [--derive]"])
            }
        }
        guard let table = s.engine.catalog.table(a[0]) else {
            throw a.error("no table named '\(a[0])'", at: 0, hints: ["tables: " + s.engine.catalog.tableNames.joined(separator: ", ")])
        }
        let rows = try pushTable(table, server: server, as: name, replace: replace, derive: derive ? s.engine.catalog.tolerance : nil,
                                 output: s.output)
        s.note("pushed \(table.name) as \(name ?? table.name): \(rows) rows to \(server.description)")
        try server.discover(into: s.engine.catalog)
    }

    /// Pushes with a progress bar on `output`'s standard error when that is a terminal (never
    /// into a file or pipe); `derive` (a tolerance) also makes the table's derived view
    /// (`SQLDerivedView`).
    public static func pushTable(_ table: Table, server: ServerEngine, as name: String?, replace: Bool, derive: Double? = nil,
                                 output: Output) throws(Diagnostic) -> Int {
        var shown = -1
        return try ServerPush.push(table, to: server, as: name, replace: replace, derive: derive) { done, total in
            guard output.errIsTerminal, total > 0 else { return }
            let pct = done * 100 / total
            guard pct != shown else { return }
            shown = pct
            let bar = String(repeating: "█", count: pct / 4) + String(repeating: "·", count: 25 - pct / 4)
            output.err("\r\(bar) \(pct)% (\(done) of \(total) rows)" + (done == total ? "\n" : ""))
        }
    }
}
