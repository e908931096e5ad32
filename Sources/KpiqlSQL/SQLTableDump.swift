import KpiqlEngine
import KpiqlData

/// A kpiql table as SQL statements that create it on a server in the layout of
/// `SQLTableShape`: one `CREATE TABLE` and `INSERT`s of a few hundred rows each, in one
/// transaction, so a failure leaves nothing behind. Used where COPY is not available
/// (DuckDB, a script for psql) and by the tests that push the bundled tables.
public struct SQLTableDump {
    public let shape: SQLTableShape
    public let dialect: SQLDialect
    public var rowsPerInsert = 500

    public init(shape: SQLTableShape, dialect: SQLDialect) {
        self.shape = shape
        self.dialect = dialect
    }

    /// `CREATE TABLE name (…)` with typed columns: numbers double precision, text text.
    public var createTable: String {
        let columns = shape.stored.map { "\(dialect.identifier($0.name)) \($0.isNumber ? dialect.doubleType : "TEXT")" }
        return "CREATE TABLE \(dialect.identifier(shape.serverName)) (\n  " + columns.joined(separator: ",\n  ") + "\n)"
    }

    /// The whole table: drop (when `replace`), create and fill, in one transaction.
    public func statements(replace: Bool) -> String {
        var out = "BEGIN;\n"
        if replace { out += "DROP TABLE IF EXISTS \(dialect.identifier(shape.serverName));\n" }
        out += createTable + ";\n"
        let n = shape.table.rowCount
        var start = 0
        while start < n {
            let end = min(n, start + rowsPerInsert)
            var rows: [String] = []
            shape.forEachRow(start..<end) { _, cells in rows.append("(" + cells.map(literal).joined(separator: ", ") + ")") }
            out += "INSERT INTO \(dialect.identifier(shape.serverName)) VALUES\n" + rows.joined(separator: ",\n") + ";\n"
            start = end
        }
        return out + "COMMIT;\n"
    }

    /// One cell as a SQL literal; NUL characters, which no server text can hold, are dropped.
    func literal(_ v: Value) -> String {
        switch v {
        case .missing: return "NULL"
        case .number(let x): return x.isFinite ? dialect.number(x) : "NULL"
        case .text(let s), .symbol(let s): return dialect.literal(s.replacingOccurrences(of: "\0", with: ""))
        case .bool(let b): return b ? "TRUE" : "FALSE"
        }
    }
}
