import KpiqlEngine
import KpiqlData
import KpiqlSQL

/// `kpiql push` and `.push`: a loaded or bundled table uploaded to the server with COPY, in
/// the layout the compiler reads (`SQLTableShape`: raw fields as typed columns and the metric
/// inputs, not the derived fields, which the server computes with the compiled rules).
///
/// Everything happens in one transaction: the existence check, the optional drop, the create
/// and the copy, and with `derive` (the catalog's tolerance) the table's derived view (`SQLDerivedView`). A failure
/// rolls it back, so nothing is left behind; an existing table is replaced only when asked,
/// and its derived view goes with it (made again only with `derive`, never left stale).
public enum ServerPush {
    public static let rowsPerChunk = 10_000

    /// Pushes `table` as `name` (its own name by default); returns the rows sent.
    @discardableResult
    public static func push(_ table: Table, to server: ServerEngine, as name: String? = nil, replace: Bool, derive tolerance: Double? = nil,
                            progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }) throws(Diagnostic) -> Int {
        // A server table shadowing one kpiql holds stands for it in the catalog: push the rows kpiql holds.
        guard let table = server.local(table) else { throw ServerError.serverOnly(table.name) }
        let shape = try SQLTableShape(table: table, serverName: name ?? table.name)
        let dialect = SQLDialect.postgres
        let quoted = dialect.identifier(shape.serverName)
        let c = server.connection
        // Checked before anything is sent: a table with nothing to derive is refused whole.
        let derived = try tolerance.map { (t: Double) throws(Diagnostic) in try SQLDerivedView.create(shape: shape, tolerance: t, dialect: dialect) }
        try c.exec("BEGIN")
        do throws(Diagnostic) {
            let found = try c.exec("SELECT to_regclass(\(dialect.literal(quoted)))")
            if found.cells.first?.first.flatMap({ $0 }) != nil {
                guard replace else { throw ServerError.exists(shape.serverName) }
                try dropDerivedView(of: shape.serverName, c)
                try c.exec("DROP TABLE \(quoted)")
            }
            try c.exec(SQLTableDump(shape: shape, dialect: dialect).createTable)
            // Enum columns say so, for kpiql sessions that find the table in the server's catalog.
            for col in shape.stored {
                guard let d = col.domain else { continue }
                try c.exec("COMMENT ON COLUMN \(quoted).\(dialect.identifier(col.name)) IS \(dialect.literal(SQLTableShape.enumComment(d)))")
            }
            let n = table.rowCount
            let chunks = (n + rowsPerChunk - 1) / rowsPerChunk
            try c.copy("COPY \(quoted) FROM STDIN", chunks: chunks, chunk: { i in
                var text = ""
                shape.forEachRow((i * rowsPerChunk)..<min(n, (i + 1) * rowsPerChunk)) { _, cells in
                    for (k, cell) in cells.enumerated() {
                        if k > 0 { text += "\t" }
                        text += copyField(cell)
                    }
                    text += "\n"
                }
                return text
            }, progress: { done in progress(min(n, done * rowsPerChunk), n) })
            for statement in derived?.statements ?? [] { try c.exec(statement) }
            try c.exec("COMMIT")
            server.pushed(table, as: shape.serverName)
            server.derivedViews[shape.serverName.lowercased()] = derived?.view
            return n
        } catch {
            _ = try? c.exec("ROLLBACK")
            throw error
        }
    }

    /// Drops the view kpiql derived from `table`, if there is one (found by its comment, so
    /// a relation of the same name made by someone else is left alone, and the table's drop
    /// then fails on it rather than taking it away).
    static func dropDerivedView(of table: String, _ c: PGConnection) throws(Diagnostic) {
        let d = SQLDialect.postgres
        let name = SQLDerivedView.name(for: table)
        let found = try c.exec("SELECT obj_description(to_regclass(\(d.literal(d.identifier(name)))), 'pg_class')")
        guard SQLDerivedView(name: name, comment: found.text(0, 0), columns: []) != nil else { return }
        try c.exec("DROP MATERIALIZED VIEW \(d.identifier(name))")
    }

    /// One cell in COPY's text format: \N for NULL; backslash, tab, newline and CR escaped.
    static func copyField(_ v: Value) -> String {
        switch v {
        case .missing: return "\\N"
        case .number(let x):
            guard x.isFinite else { return "\\N" }
            return "\(x)"
        case .bool(let b): return b ? "t" : "f"
        case .text(let s), .symbol(let s):
            var out = ""
            for ch in s.unicodeScalars {
                switch ch {
                case "\\": out += "\\\\"
                case "\t": out += "\\t"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\0": break   // no server text holds a NUL
                default: out.unicodeScalars.append(ch)
                }
            }
            return out
        }
    }
}
