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
    public func index(of name: String) -> Int? { byName[name.lowercased()] }
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
    public private(set) var tables: [String: Table] = [:]
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
            // The `audit` table covers every metrics table, including ones loaded later (a table
            // without rows, such as one found on a server, adds nothing to it).
            if tables["audit"] != nil && table.rowCount > 0 { add(Auditor.table(for: self)) }
        }
    }

    /// Drops a table from the catalog (tables found on a server, when the session leaves it).
    public func remove(_ name: String) {
        let key = name.lowercased()
        tables[key] = nil
        order.removeAll { $0 == key }
    }

    public func table(_ name: String) -> Table? { tables[name.lowercased()] }
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
        if tables["audit"] != nil { add(Auditor.table(for: self)) }
    }
}
