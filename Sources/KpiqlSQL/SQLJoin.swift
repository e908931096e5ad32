import KpiqlEngine
import KpiqlData

/// A join as SQL, pairing rows as `HashJoin` does, into one common table `kpiql_joined` that
/// the rest of the statement reads as a plain table (the joined schema, `BoundJoin`):
///
/// - each table is read through its own `kpiql_rows` layer (`SQLDerivedFields`, its derived
///   fields by its own rules), in a subquery of its own, so two metrics tables never share
///   the names of their layers;
/// - keys are equal as kpiql compares values: text ignoring case, enums by code, numbers by
///   value (-0 is 0); a missing key pairs with nothing; `left join` keeps an unpaired row;
/// - rows come in kpiql's order: the first table's rows in order, each with its partners in
///   the next table's order (`kpiql_row`, numbered over the tables' own row numbers);
/// - enum columns are written as their symbols, as a stored table holds them, and the plain
///   layer on top reads them back as codes.
///
/// Only the schema columns the query names (and the keys) are read, as `JoinExecutor` gathers them.
struct SQLJoin {
    let dialect: SQLDialect
    let tolerance: Double
    let join: BoundJoin
    let schema: Table
    /// Each table's name on the server and its server layout, by lower-cased kpiql name.
    let serverNames: [String: String]
    let shapes: [String: SQLTableShape]

    static let name = "kpiql_joined"

    private func id(_ s: String) -> String { dialect.identifier(s) }

    /// `kpiql_joined`, with the schema columns `used` (indices into `schema`).
    func commonTable(columns used: [Int]) throws(Diagnostic) -> (name: String, body: String) {
        var fields = [Set<Int>](repeating: [], count: join.sides.count)
        for i in used { fields[join.sources[i].side].insert(join.sources[i].column) }
        for step in join.steps {
            for (l, r) in zip(step.leftKeys, step.rightKeys) { fields[l.side].insert(l.column); fields[step.right].insert(r) }
        }
        var from = ""
        for (s, side) in join.sides.enumerated() {
            let key = side.table.name.lowercased()
            let known = shapes[key].flatMap { $0.table === side.table ? $0 : nil }
            let shape: SQLTableShape
            if let known { shape = known } else { shape = try SQLTableShape(table: side.table, serverName: serverNames[key]) }
            let names = fields[s].sorted().map { side.table.columns[$0].name }
            let layers = try SQLDerivedFields(shape: shape, dialect: dialect, tolerance: tolerance).commonTables(fields: names, series: false)
            let table = "(WITH " + layers.map { "\($0.name) AS (\($0.body))" }.joined(separator: ",\n    ")
                + "\n  SELECT * FROM kpiql_rows) AS kpiql_s\(s)"
            guard let step = join.steps.first(where: { $0.right == s }) else { from = table; continue }
            let on = zip(step.leftKeys, step.rightKeys).map { l, r -> String in
                let a = "kpiql_s\(l.side).\(id(join.sides[l.side].table.columns[l.column].name))"
                let b = "kpiql_s\(s).\(id(side.table.columns[r].name))"
                if case .text = side.table.columns[r].data { return "lower(\(a)) = lower(\(b))" }
                return "\(a) = \(b)"
            }
            from += "\n  \(step.kind == .left ? "LEFT JOIN" : "JOIN") " + table + " ON " + (on.isEmpty ? "TRUE" : on.joined(separator: " AND "))
        }
        var columns: [String] = [], named: Set<String> = []
        // A schema name twice (a table listing a column twice) is one column, as on a server.
        for i in used where named.insert(schema.columns[i].name.lowercased()).inserted {
            let (s, c) = join.sources[i]
            let col = join.sides[s].table.columns[c]
            var value = "kpiql_s\(s).\(id(col.name))"
            if case .enumeration(_, let d) = col.data {
                value = "CASE \(value) " + d.values.enumerated().map { "WHEN \($0) THEN \(dialect.literal($1))" }.joined(separator: " ") + " END"
            }
            columns.append("\(value) AS \(id(schema.columns[i].name))")
        }
        let order = join.sides.indices.map { "kpiql_s\($0).\(id(SQLTableShape.rowColumn))" }.joined(separator: ", ")
        columns.append("row_number() OVER (ORDER BY \(order)) AS \(id(SQLTableShape.rowColumn))")
        return (Self.name, "SELECT " + columns.joined(separator: ",\n    ") + "\n  FROM " + from)
    }
}
