/// A table: named columns of equal length. Rows exist only as indices into the columns.
public final class Table: @unchecked Sendable {
    public enum Kind: Sendable { case metrics, plain }

    public let name: String
    public let kind: Kind
    public private(set) var columns: [Column]
    public let rowCount: Int
    /// Fields shown when a query has no `select` (all of them for a plain table).
    public var defaultFields: [String]
    /// Where the data came from (file paths), for `.tables` and report footers.
    public var sources: [String]
    /// The rows are on a server, not here (a table found in a server's catalog): a bare word
    /// compared with one of its text fields cannot be checked against the field's values.
    public var rowsOnServer = false
    /// For metrics tables: the raw inputs the derived fields are computed from.
    var metricsInputs: MetricsInputs?
    /// For tables of several areas (a Fingertips or LG Inform load): the fields that name one
    /// indicator, so `rank()` and `quartile()` compare an area with others on the same one.
    public var indicatorKey: [String]?
    private var byName: [String: Int] = [:]

    public init(name: String, kind: Kind, columns: [Column], defaultFields: [String]? = nil, sources: [String] = []) {
        self.name = name
        self.kind = kind
        self.columns = columns
        self.rowCount = columns.first?.data.count ?? 0
        self.defaultFields = defaultFields ?? columns.map(\.name)
        self.sources = sources
        reindex()
    }

    private func reindex() {
        byName = [:]
        for (i, c) in columns.enumerated() { byName[c.name.lowercased()] = i }
    }

    /// Column index by case-insensitive name.
    public func index(of name: String) -> Int? { byName[name.lowercased()] ?? aliases[name.lowercased()] }

    /// Other names of columns, not listed by `select *`: in a join, `now.id` for the key
    /// column shown as `id`; on a metrics table, `area` and `council` for the area column, so
    /// saved queries run on any council's file.
    private var aliases: [String: Int] = [:]
    func addAlias(_ name: String, for column: Int) { aliases[name.lowercased()] = column }

    /// Lets `alias` name the field `field` too, when no field has that name.
    func addAlias(_ alias: String, forField field: String) {
        guard byName[alias.lowercased()] == nil, let i = byName[field.lowercased()] else { return }
        addAlias(alias, for: i)
    }
    public func column(_ name: String) -> Column? { index(of: name).map { columns[$0] } }
    public var fieldNames: [String] { columns.map(\.name) }

    /// Adds or replaces a column (derived fields are replaced when a setting changes).
    func setColumn(_ column: Column) {
        precondition(column.data.count == rowCount, "column \(column.name) has the wrong length")
        if let i = index(of: column.name) { columns[i] = column } else { columns.append(column); reindex() }
    }
}

/// The tables of a session and the settings that drive derived fields.
public final class Catalog: @unchecked Sendable {
    private var tables: [String: Table] = [:]
    public private(set) var order: [String] = []
    /// Amber band: a result within this percentage of its target is amber, not red.
    public private(set) var tolerance: Double = 5
    /// Worker threads a query may use (1 runs everything on the caller's thread).
    public var threads = 1
    /// Comparator groups of areas (`.group NAME …`), by lower-cased name.
    public var groups: [String: ComparatorGroup] = [:]

    public init() {}

    public func add(_ table: Table) {
        let key = table.name.lowercased()
        if tables[key] == nil { order.append(key) }
        tables[key] = table
        if table.kind == .metrics {
            MetricsDeriver.derive(table, tolerance: tolerance, threads: threads)
            // The `audit` table covers every metrics table, including ones loaded later; it is
            // made again when next read (auditing a million-row load took 6 s nobody asked for).
            if tables["audit"] != nil && table.rowCount > 0 { auditStale = true }
        }
    }

    /// Drops a table from the catalog (tables found on a server, when the session leaves it).
    public func remove(_ name: String) {
        let key = name.lowercased()
        tables[key] = nil
        order.removeAll { $0 == key }
    }

    public func table(_ name: String) -> Table? {
        if auditStale && name.lowercased() == "audit" { refreshAudit() }
        return tables[name.lowercased()]
    }
    public var tableNames: [String] { order.compactMap { tables[$0]?.name } }

    /// Changes the amber tolerance and recomputes `status` in every metrics table.
    public func setTolerance(_ t: Double) throws(Diagnostic) {
        guard t.isFinite, t >= 0, t < 100 else {
            throw Diagnostic(.usage, code: "K301", "tolerance must be a percentage from 0 to 99.9, got \(NumberFormat.plain(t))",
                             hints: ["the default is 5, meaning within 95% of target is amber"])
        }
        tolerance = t
        for name in order { if let table = tables[name], table.kind == .metrics { MetricsDeriver.derive(table, tolerance: t, threads: threads) } }
        // The audit compares published classifications with `status`, which moved.
        if tables["audit"] != nil { auditStale = true }
    }

    /// The `audit` table is out of date: a metrics table was added or the tolerance moved.
    private var auditStale = false

    private func refreshAudit() {
        guard auditStale else { return }
        auditStale = false
        add(Auditor.table(for: self))
    }
}
