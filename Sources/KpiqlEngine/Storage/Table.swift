/// A table: named columns of equal length. Rows exist only as indices into the columns.
public final class Table: @unchecked Sendable {
    public enum Kind: Sendable { case metrics, plain }

    public let name: String
    public let kind: Kind
    public private(set) var columns: [Column]
    public let rowCount: Int
    /// Fields shown when a query has no `select` (all of them for a plain table).
    public var defaultFields: [String]
    /// Where the data came from (file paths), for `.tables` and report footers; a table on a
    /// server has one entry, `serverSourcePrefix` then the server, database and table.
    public var sources: [String]
    public static let serverSourcePrefix = "postgresql: "
    /// The rows are on a server, not here (a table found in a server's catalog): a bare word
    /// compared with one of its text fields cannot be checked against the field's values.
    public var rowsOnServer = false
    /// For metrics tables: the raw inputs the derived fields are computed from.
    package var metricsInputs: MetricsInputs?
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
    package func addAlias(_ name: String, for column: Int) { aliases[name.lowercased()] = column }

    /// Lets `alias` name the field `field` too, when no field has that name.
    package func addAlias(_ alias: String, forField field: String) {
        guard byName[alias.lowercased()] == nil, let i = byName[field.lowercased()] else { return }
        addAlias(alias, for: i)
    }
    public func column(_ name: String) -> Column? { index(of: name).map { columns[$0] } }
    public var fieldNames: [String] { columns.map(\.name) }

    /// Adds or replaces a column (derived fields are replaced when a setting changes).
    package func setColumn(_ column: Column) {
        precondition(column.data.count == rowCount, "column \(column.name) has the wrong length")
        if let i = index(of: column.name) { columns[i] = column } else { columns.append(column); reindex() }
    }
}

/// The tables of a session and the settings queries read. Passive: it stores what the layers
/// above give it (`Workspace` in KpiqlData derives a metrics table's fields before adding it,
/// and recomputes them when the tolerance moves); a table may be given as a recipe, made when
/// first read (the `audit` table, which nobody should wait for on every load).
public final class Catalog: @unchecked Sendable {
    private var tables: [String: Table] = [:]
    private var recipes: [String: (name: String, make: () -> Table)] = [:]
    public private(set) var order: [String] = []
    /// Amber band: a result within this percentage of its target is amber, not red. The
    /// derived `status` columns were computed with it; `Workspace.setTolerance` changes both.
    public package(set) var tolerance: Double = 5
    /// Worker threads a query may use (1 runs everything on the caller's thread).
    public var threads = 1
    /// Comparator groups of areas (`.group NAME …`), by lower-cased name.
    public var groups: [String: ComparatorGroup] = [:]

    public init() {}

    public func add(_ table: Table) {
        let key = table.name.lowercased()
        if tables[key] == nil && recipes[key] == nil { order.append(key) }
        recipes[key] = nil
        tables[key] = table
    }

    /// Adds (or replaces) the table `name` as a recipe, run when the table is next read.
    public func add(_ name: String, madeWhenRead make: @escaping () -> Table) {
        let key = name.lowercased()
        if tables[key] == nil && recipes[key] == nil { order.append(key) }
        recipes[key] = (name, make)
    }

    /// Whether the catalog holds `name`, made or still a recipe (without making it).
    public func contains(_ name: String) -> Bool {
        let key = name.lowercased()
        return tables[key] != nil || recipes[key] != nil
    }

    /// Drops a table from the catalog (tables found on a server, when the session leaves it).
    public func remove(_ name: String) {
        let key = name.lowercased()
        tables[key] = nil
        recipes[key] = nil
        order.removeAll { $0 == key }
    }

    public func table(_ name: String) -> Table? {
        let key = name.lowercased()
        if let recipe = recipes[key] {
            recipes[key] = nil
            tables[key] = recipe.make()
        }
        return tables[key]
    }

    /// The tables' names as given, in the order they were added.
    public var tableNames: [String] { order.compactMap { k in tables[k]?.name ?? recipes[k]?.name } }

    /// Every table already made, in order (the metrics tables a tolerance change re-derives;
    /// a recipe is made from the tables as they are when it runs).
    public var madeTables: [Table] { order.compactMap { tables[$0] } }
}
