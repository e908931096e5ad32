import KpiqlEngine
import KpiqlData

/// The SQL backend: a bound query in, one SQL statement out, for PostgreSQL or DuckDB.
///
/// It sits beside the executor and reads only the bound query (no back-edge into the
/// parser). The statement reads the table as `kpiql push` lays it out (`SQLTableShape`):
///
///     WITH kpiql_at AS (…positions…), kpiql_cmp AS (…the comparable period, or why none…),
///          kpiql_inputs AS (…latest, previous, target, polarity…),
///          kpiql_rows AS (…each field the query reads, derived ones computed…),
///          [kpiql_pairs0 … kpiql_placed AS (…a comparator mapping's areas: SQLComparisonPeers…),]
///          [kpiql_compared AS (…rank/quartile/group_avg/group_n: SQLComparisons…),]
///          [kpiql_selected AS (…the rows where holds, with the group keys…)]
///     SELECT … ORDER BY …, kpiql_row LIMIT …
///
/// `having` is SQL's HAVING; with `with totals`, `kpiql_kept` names the groups it keeps. A join
/// is `kpiql_joined` (`SQLJoin`), read by the layers above as a plain table.
///
/// Row order is kpiql's: ties in `order by` keep table order (`kpiql_row`), groups come in
/// order of their first row, missing values sort last either way.
public struct SQLCompiler {
    public let dialect: SQLDialect
    public let catalog: Catalog

    public init(dialect: SQLDialect = .postgres, catalog: Catalog) {
        self.dialect = dialect
        self.catalog = catalog
    }

    /// The statement for `q`; `shape` is the server table's layout when it was read from the
    /// server's catalog rather than from a table kpiql holds; `view` the table's derived view
    /// (`kpiql push --derive`), read instead of computing when it holds what the query reads.
    /// A join reads each of its tables under its name in `serverNames`, in its layout in
    /// `shapes` when that is the table's (both keyed by the lower-cased kpiql name).
    public func compile(_ q: BoundQuery, serverName: String? = nil, shape known: SQLTableShape? = nil,
                        view: SQLDerivedView? = nil, serverNames: [String: String] = [:],
                        shapes: [String: SQLTableShape] = [:]) throws(Diagnostic) -> String {
        var uses = SQLUses(table: q.table)
        uses.collect(q)
        let shape: SQLTableShape
        var joined: (name: String, body: String)?
        if let join = q.join {
            // The binder compares areas only in a table of areas, which a join's schema is not.
            if let c = uses.comparatives.first {
                throw SQLRefusal.construct("a comparison over a join", "kpiql compares areas within one table", span: c.span)
            }
            let j = SQLJoin(dialect: dialect, tolerance: catalog.tolerance, join: join, schema: q.table, serverNames: serverNames, shapes: shapes)
            joined = try j.commonTable(columns: uses.columnIndices)
            shape = try SQLTableShape(table: q.table, serverName: SQLJoin.name)
        } else if let known {
            shape = known
        } else {
            shape = try SQLTableShape(table: q.table, serverName: serverName)
        }
        var ex = SQLExpressions(shape: shape, dialect: dialect, catalog: catalog)
        ex.outputs = q.outputs
        var derived = SQLDerivedFields(shape: shape, dialect: dialect, tolerance: catalog.tolerance)
        if let view, joined == nil, shape.isMetrics, view.serves(uses.fieldNames, tolerance: catalog.tolerance) { derived.view = view }
        // The statement's body is written first: a field that does not translate is then
        // refused where the query names it, not inside the derived-field layer.
        var ctes: [(name: String, body: String)] = []
        let r = SQLExpressions.source
        // rank, quartile, group_avg and group_n: computed over the whole table, before `where`.
        let (source, recursive) = try comparisons(q, uses, &ex, &ctes)
        let row = r + "." + dialect.identifier(SQLTableShape.rowColumn)
        let filter = try q.filter.map { (f: BoundExpr) throws(Diagnostic) -> String in "\n WHERE " + (try ex.sql(f, .row)) }
        var body: String
        if !q.isAggregate {
            let outs = try outputs(q, ex, .row)
            let order = try orderBy(q, ex, .row) + [row]
            body = "SELECT " + outs + "\n  FROM \(source) AS \(r)" + (filter ?? "") + "\n ORDER BY " + order.joined(separator: ", ") + limit(q)
        } else {
            var keyColumns: [String] = [], keys: [String: String] = [:]
            for (i, k) in q.groupKeys.enumerated() {
                keyColumns.append("\(try ex.sql(k, .row)) AS kpiql_k\(i)")
                keys[k.signature] = "\(r).kpiql_k\(i)"
            }
            ctes.append(("kpiql_selected", "SELECT *" + keyColumns.map { ", " + $0 }.joined() + "\n  FROM \(source) AS \(r)" + (filter ?? "")))
            let mode = SQLExpressions.Mode.group(keys: keys)
            let keyNames = (0..<q.groupKeys.count).map { "kpiql_k\($0)" }
            var groupBy = q.groupKeys.isEmpty ? "" : "\n GROUP BY " + keyNames.map { "\(r).\($0)" }.joined(separator: ", ")
            // `having` keeps the groups where its condition is true, as `GroupFilter`: SQL's
            // HAVING drops unknown as it drops false, and runs before ORDER BY and LIMIT.
            var kept = ""
            if let h = q.having {
                groupBy += "\n HAVING " + (try ex.sql(h, mode))
                if q.withTotals {
                    // The total row totals the rows of the groups kept (a missing key matches a missing key).
                    ctes.append(("kpiql_kept", "SELECT 1 AS kpiql_one" + keyNames.map { ", \(r).\($0)" }.joined() + "\n  FROM kpiql_selected AS \(r)" + groupBy))
                    let same = keyNames.map { "kpiql_kept.\($0) IS NOT DISTINCT FROM \(r).\($0)" }
                    kept = "\n WHERE EXISTS (SELECT 1 FROM kpiql_kept WHERE " + (same.isEmpty ? "TRUE" : same.joined(separator: " AND ")) + ")"
                }
            }
            let order = try orderBy(q, ex, mode) + (q.groupKeys.isEmpty ? [] : ["min(\(row))"])
            let orderClause = order.isEmpty ? "" : "\n ORDER BY " + order.joined(separator: ", ")
            if q.withTotals {
                let names = q.outputs.indices.map { "kpiql_o\($0)" }
                let groups = "SELECT " + (try outputs(q, ex, mode, aliases: names)) + ", 0 AS kpiql_part, row_number() OVER (ORDER BY "
                    + (order.isEmpty ? "min(\(row))" : order.joined(separator: ", ")) + ") AS kpiql_ord\n  FROM kpiql_selected AS \(r)" + groupBy + orderClause + limit(q)
                let total = "SELECT " + (try outputs(q, ex, .totals, aliases: names)) + ", 1, 0\n  FROM kpiql_selected AS \(r)" + kept
                body = "SELECT " + zip(names, q.outputs).map { "\($0) AS \(alias($1.name))" }.joined(separator: ", ")
                    + "\n  FROM (SELECT * FROM (\(groups)) AS kpiql_groups\n UNION ALL\n\(total)) AS kpiql_all\n ORDER BY kpiql_part, kpiql_ord"
            } else {
                body = "SELECT " + (try outputs(q, ex, mode)) + "\n  FROM kpiql_selected AS \(r)" + groupBy + orderClause + limit(q)
            }
        }
        ctes.insert(contentsOf: try derived.commonTables(fields: uses.fieldNames, series: uses.series), at: 0)
        if let joined { ctes.insert(joined, at: 0) }
        // A mapping's areas are the connected parts of its links: the one recursive CTE.
        return (recursive ? "WITH RECURSIVE " : "WITH ") + ctes.map { "\($0.name) AS (\n  \($0.body)\n)" }.joined(separator: ",\n") + "\n" + body
    }

    private func limit(_ q: BoundQuery) -> String { q.limit.map { "\n LIMIT \($0)" } ?? "" }

    /// The select list; enums are shown as their symbols. The total row's first text key says "Total".
    private func outputs(_ q: BoundQuery, _ ex: SQLExpressions, _ mode: SQLExpressions.Mode, aliases: [String]? = nil) throws(Diagnostic) -> String {
        var items: [String] = []
        let label: Int? = { if case .totals = mode { return q.outputs.firstIndex { o in o.expr.type == .text && q.groupKeys.contains { $0.same(as: o.expr) } } } else { return nil } }()
        for (i, o) in q.outputs.enumerated() {
            var s = i == label ? "'Total'" : try ex.sql(o.expr, mode)
            if case .enumeration(let d) = o.expr.type { s = ex.symbol(s, d) }
            items.append("\(s) AS \(aliases?[i] ?? alias(o.name))")
        }
        return items.joined(separator: ",\n       ")
    }

    /// Order keys: text ignoring case, enums by code, missing last either way.
    private func orderBy(_ q: BoundQuery, _ ex: SQLExpressions, _ mode: SQLExpressions.Mode) throws(Diagnostic) -> [String] {
        var out: [String] = []
        for (e, descending) in q.order {
            var s = try ex.sql(e, mode)
            if e.type == .text { s = ex.folded(s) }
            out.append("\(s) \(descending ? "DESC" : "ASC") NULLS LAST")
        }
        return out
    }

    /// An output name as a column alias, cut to PostgreSQL's 63 bytes on a character boundary.
    func alias(_ name: String) -> String {
        var cut = ""
        for ch in name {
            if cut.utf8.count + String(ch).utf8.count > 63 { break }
            cut.append(ch)
        }
        return dialect.identifier(cut)
    }
}
