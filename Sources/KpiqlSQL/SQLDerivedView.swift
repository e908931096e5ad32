import KpiqlEngine
import KpiqlData

/// A metrics table's fields computed once on the server (`kpiql push --derive`): a
/// materialised view holding the compiler's own `kpiql_rows` layer for every field, so a
/// query reads stored columns instead of working out latest, previous, variance and status
/// for every row of every query.
///
/// There is one definition of the derived rules: the view's `SELECT` is written by
/// `SQLDerivedFields.commonTables`, the same code that writes them into each query. The view
/// holds `status` for one tolerance, which its comment records; a query run at another
/// tolerance (or reading a field the view does not hold) computes from the table as before.
///
/// Columns: each kpiql field under its own name (enums as their codes, as in `kpiql_rows`),
/// `kpiql_row`, the period values `kpiql_p1` … and `kpiql_high`; one index, on `variance`
/// (see `indexes` and BENCHMARKS.md, Server).
public struct SQLDerivedView: Sendable, Equatable {
    /// The view's name on the server.
    public let name: String
    /// The server table it is computed from.
    public let table: String
    /// The amber tolerance its `status` was computed with.
    public let tolerance: Double
    /// Lower-cased names of the kpiql fields it holds.
    public let fields: Set<String>

    /// The view of `table`: its name with a suffix (a comment, not the name, is what marks it).
    public static func name(for table: String) -> String { table + "_kpiql_derived" }

    static let marker = "kpiql derived view; tolerance "

    /// What the view's comment says: kpiql made it, at which tolerance, from which table.
    public var comment: String { Self.marker + "\(tolerance); table " + table }

    public init(name: String, table: String, tolerance: Double, fields: Set<String>) {
        self.name = name
        self.table = table
        self.tolerance = tolerance
        self.fields = fields
    }

    /// A view found in a server's catalog: nil unless its comment is one kpiql wrote.
    public init?(name: String, comment: String?, columns: [String]) {
        guard let comment, comment.hasPrefix(Self.marker) else { return nil }
        let rest = comment.dropFirst(Self.marker.count)
        guard let cut = rest.range(of: "; table "), let t = Double(rest[..<cut.lowerBound]) else { return nil }
        self.init(name: name, table: String(rest[cut.upperBound...]), tolerance: t,
                  fields: Set(columns.map { $0.lowercased() }.filter { !$0.hasPrefix(SQLTableShape.reservedPrefix) }))
    }

    /// Whether a query reading `fields` at `tolerance` can read them from the view.
    public func serves(_ fields: [String], tolerance: Double) -> Bool {
        tolerance == self.tolerance && fields.allSatisfy { self.fields.contains($0.lowercased()) }
    }

    /// The statements that create the view of `shape` (a metrics table just pushed), to run in
    /// the push's transaction: the view, its comment, its indexes and its statistics.
    public static func create(shape: SQLTableShape, tolerance: Double, dialect: SQLDialect = .postgres) throws(Diagnostic) -> (view: SQLDerivedView, statements: [String]) {
        let name = Self.name(for: shape.serverName)
        guard shape.isMetrics else {
            throw Diagnostic(.usage, code: "K670", "--derive needs a metrics table: \(shape.table.name) has no derived fields to compute")
        }
        // PostgreSQL cuts longer names to 63 bytes without a word, which could make two views one.
        guard name.utf8.count <= 63 else {
            throw Diagnostic(.usage, code: "K670", "the derived view's name \(name) is longer than the server's 63 bytes",
                             hints: ["push the table under a shorter name with --as NAME"])
        }
        let derived = SQLDerivedFields(shape: shape, dialect: dialect, tolerance: tolerance)
        // Every field that translates; one that does not (none of the metric fields today) is
        // left out, and a query that reads it computes from the table.
        let fields = shape.fields.map(\.name).filter { f in
            guard let type = shape.fields.first(where: { $0.name == f })?.type else { return false }
            return (try? derived.fieldSQL(f, type)) != nil
        }
        let ctes = try derived.commonTables(fields: fields, series: true)
        let view = SQLDerivedView(name: name, table: shape.serverName, tolerance: tolerance, fields: Set(fields.map { $0.lowercased() }))
        let id = dialect.identifier(name)
        var statements = [
            "CREATE MATERIALIZED VIEW \(id) AS\nWITH " + ctes.map { "\($0.name) AS (\n  \($0.body)\n)" }.joined(separator: ",\n") + "\nSELECT * FROM kpiql_rows",
            "COMMENT ON MATERIALIZED VIEW \(id) IS \(dialect.literal(view.comment))",
        ]
        statements += indexes(view, dialect: dialect)
        statements.append("ANALYZE \(id)")
        return (view, statements)
    }

    /// One index: `variance` in the order queries sort it (missing last, ties by row), which
    /// turns `order by variance limit N` from a sort of every row into reading N index
    /// entries. An index on `status` was tried and dropped: one status is a fifth to a half
    /// of the rows, spread over every page, so the server read them all anyway (BENCHMARKS.md).
    static func indexes(_ view: SQLDerivedView, dialect: SQLDialect) -> [String] {
        guard view.fields.contains("variance") else { return [] }
        let id = dialect.identifier(view.name), row = dialect.identifier(SQLTableShape.rowColumn)
        return ["CREATE INDEX ON \(id) (\(dialect.identifier("variance")) ASC NULLS LAST, \(row))"]
    }
}
