import KpiqlEngine
import KpiqlData
import KpiqlSQL

/// Runs kpiql queries on a PostgreSQL server: the query is bound against the session's
/// catalog (the table as loaded or bundled, which is the layout `push` wrote), compiled to
/// SQL and run there; the rows come back typed as kpiql's own result, for its formatters.
/// Nothing of the table is read into memory.
public final class ServerEngine: @unchecked Sendable {
    public let connection: PGConnection
    /// Server table names that differ from the kpiql name (`push TABLE --as NAME`).
    public var serverNames: [String: String] = [:]
    /// Tables found in the server's catalog and not held by kpiql, by lower-cased name.
    public private(set) var discovered: [String: SQLTableShape] = [:]
    /// Tables kpiql holds that a server table of the same name stands in for while connected
    /// (queries run on the server's table, so they bind to its columns), by lower-cased name.
    public private(set) var shadowed: [String: Table] = [:]
    /// The catalog the discovered tables were put into.
    private weak var catalog: Catalog?
    /// Derived views (`kpiql push --derive`) by the lower-cased server name of their table.
    public internal(set) var derivedViews: [String: SQLDerivedView] = [:]

    public init(_ connectionString: String) throws(Diagnostic) {
        connection = try PGConnection(connectionString)
    }

    public var description: String { connection.description }

    /// The result of `text` (a slice of `source` at byte `base`), computed on the server.
    public func run(_ text: String, engine: Engine, source: SourceFile, base: Int, defaultTable: String = "metrics",
                    parameters: [String: String]) throws(Diagnostic) -> ResultSet {
        let bound = try engine.prepare(text, source: source, base: base, defaultTable: defaultTable, parameters: parameters)
        let span = SourceSpan(base, base + text.utf8.count)
        let sql: String
        do { sql = try compile(bound, catalog: engine.catalog) } catch { throw error.located(in: source) }
        let rows: PGConnection.Rows
        do { rows = try connection.exec(sql) } catch {
            // The server's error is about SQL kpiql wrote: it points at the whole query.
            var d = error
            if d.span == nil { d.span = Self.trimmed(span, in: source) }
            throw d.located(in: source)
        }
        return PGResultReader.resultSet(rows, bound)
    }

    /// The statement `run` sends for `bound`: the server's layout of the table, and its
    /// derived view when there is one that serves the query.
    public func compile(_ bound: BoundQuery, catalog: Catalog) throws(Diagnostic) -> String {
        let key = bound.table.name.lowercased()
        let shape = discovered[key].flatMap { $0.table === bound.table ? $0 : nil }
        let serverName = serverNames[key] ?? shape?.serverName ?? bound.table.name
        return try SQLCompiler(dialect: .postgres, catalog: catalog)
            .compile(bound, serverName: serverNames[key], shape: shape, view: derivedViews[serverName.lowercased()],
                     serverNames: serverNames, shapes: discovered)
    }

    /// Reads the tables and columns of the server's current schema and puts each table kpiql
    /// does not hold into `catalog` as a table without rows (see `SQLTableShape(discovered:)`).
    /// Returns their names.
    @discardableResult
    public func discover(into catalog: Catalog) throws(Diagnostic) -> [String] {
        discover(try readCatalog(), into: catalog)
    }

    /// The server's tables and columns (current schema), as `discover` reads them.
    public func readCatalog() throws(Diagnostic) -> PGConnection.Rows {
        try connection.exec("""
            SELECT c.relname, a.attname, t.typcategory = 'N', col_description(c.oid, a.attnum), obj_description(c.oid, 'pg_class')
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_attribute a ON a.attrelid = c.oid JOIN pg_type t ON t.oid = a.atttypid
             WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f') AND n.nspname = current_schema() AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY c.relname, a.attnum
            """)
    }

    /// `discover` with the catalog already read (`readCatalog`, which can run while kpiql loads).
    @discardableResult
    public func discover(_ rows: PGConnection.Rows, into catalog: Catalog) -> [String] {
        var columns: [(String, [SQLTableShape.ServerColumn], String?)] = []
        for r in rows.cells {
            guard let table = r[0], let name = r[1] else { continue }
            let column = SQLTableShape.ServerColumn(name: name, isNumber: r[2] == "t", comment: r[3] ?? nil)
            if columns.last?.0 == table { columns[columns.count - 1].1.append(column) } else { columns.append((table, [column], r[4] ?? nil)) }
        }
        // A derived view is read in place of its table's inputs, not offered as a table.
        derivedViews = [:]
        columns.removeAll { table, cols, comment in
            guard let view = SQLDerivedView(name: table, comment: comment, columns: cols.map(\.name)) else { return false }
            derivedViews[view.table.lowercased()] = view
            return true
        }
        var added: [String] = []
        self.catalog = catalog
        for (table, cols, _) in columns {
            let key = table.lowercased()
            if let held = catalog.table(table), discovered[key]?.table !== held {
                // kpiql holds a table of this name. One this session pushed binds as it is (its
                // rows are what the server holds, under `serverNames`); otherwise the server's
                // table is the one queries run on, so they bind to its columns, not the local ones.
                if serverNames[key] != nil { continue }
                shadowed[key] = held
            }
            let shape = SQLTableShape(discovered: table, columns: cols)
            // The report's provenance names the server, database and table (never a password).
            shape.table.sources = [Table.serverSourcePrefix + "\(description), table \(table)"]
            shape.table.rowsOnServer = true
            discovered[key] = shape
            catalog.add(shape.table)
            added.append(table)
        }
        return added
    }

    /// The table kpiql holds behind `table`: itself, or for a stand-in of a server table the
    /// local table it shadows (nil when kpiql holds no rows of it).
    public func local(_ table: Table) -> Table? {
        let key = table.name.lowercased()
        guard discovered[key]?.table === table else { return table }
        return shadowed[key]
    }

    /// After a push of `table` as `serverName`: queries on `table` run there, bound to the
    /// table kpiql holds again if a server table of its name had shadowed it.
    func pushed(_ table: Table, as serverName: String) {
        let key = table.name.lowercased()
        serverNames[key] = serverName
        guard let held = shadowed.removeValue(forKey: key), let stand = discovered.removeValue(forKey: key) else { return }
        if let catalog, catalog.table(key) === stand.table { catalog.add(held) }
    }

    /// Takes the discovered tables out of `catalog` again (the session leaves the server); the
    /// tables they shadowed come back.
    public func forget(in catalog: Catalog) {
        for (key, shape) in discovered where catalog.table(key) === shape.table {
            if let held = shadowed[key] { catalog.add(held) } else { catalog.remove(key) }
        }
        discovered = [:]
        shadowed = [:]
    }

    /// The span without surrounding white space, so the caret sits under the query itself.
    static func trimmed(_ span: SourceSpan, in source: SourceFile) -> SourceSpan {
        let bytes = Array(source.text.utf8)
        var s = span.start, e = min(span.end, bytes.count)
        while s < e, [0x20, 0x0A, 0x09, 0x0D].contains(bytes[s]) { s += 1 }
        while e > s, [0x20, 0x0A, 0x09, 0x0D, 0x3B].contains(bytes[e - 1]) { e -= 1 }
        return SourceSpan(s, e)
    }
}
