/// A kpiql table as it is laid out on a SQL server: the raw fields as typed columns, the
/// metric inputs the derived fields are computed from, and a row number that keeps kpiql's
/// row order. `kpiql push` writes this layout and the compiler reads it, so the two agree.
///
/// Numbers are double precision and text is text; an enum field (`good`, `reported_trend`)
/// is stored as its symbol's text. A metrics table's derived fields are not stored: the
/// compiled query computes them from `kpiql_p1` … `kpiql_pN` (each row's own period values,
/// oldest first), `kpiql_n` (how many periods the row has), `kpiql_target`,
/// `kpiql_period_target`, `kpiql_good`, and for a council's own classification
/// `kpiql_reported_variance` and `kpiql_reported_met`.
public struct SQLTableShape: Sendable {
    public struct StoredColumn: Sendable {
        public var name: String
        /// `.number` or `.text` on the server; `domain` says how to read an enum stored as text.
        public var isNumber: Bool
        public var domain: EnumDomain?
    }

    /// The table's name on the server.
    public var serverName: String
    /// Every column of the server table, in order.
    public internal(set) var stored: [StoredColumn] = []
    /// The kpiql fields and their types; derived ones are computed by `SQLDerivedFields`.
    public internal(set) var fields: [(name: String, type: FieldType)] = []
    /// Names (lower-cased) of the fields computed from the metric inputs.
    public internal(set) var derived: Set<String> = []
    public internal(set) var periodCount = 0
    public internal(set) var hasPeriodTarget = false
    public internal(set) var hasReported = false
    public internal(set) var hasTrendOverride = false
    /// The column that keeps kpiql's row order (ties in `order by`, groups by first row).
    public static let rowColumn = "kpiql_row"
    /// Every column kpiql adds starts with this; a user field that does is refused.
    public static let reservedPrefix = "kpiql_"
    /// Fields `MetricsDeriver` computes, in the order it adds them.
    public static let derivedNames = ["latest", "previous", "change", "direction", "trend", "variance", "gap", "status",
                                      "reported_status", "spark", "vs_england", "vs_neighbours", "benchmark_age"]

    public internal(set) var table: Table
    /// The table columns stored as they are (a name twice is stored once: the bundled
    /// `metrics` lists `reporting_period` twice, and names are one per table on a server).
    private var rawColumns: [Int] = []

    public init(table: Table, serverName: String? = nil) throws(Diagnostic) {
        self.table = table
        self.serverName = serverName ?? table.name
        let inputs = table.metricsInputs
        var seen: Set<String> = []
        for (i, c) in table.columns.enumerated() {
            guard seen.insert(c.name.lowercased()).inserted else { continue }
            if c.name.lowercased().hasPrefix(Self.reservedPrefix) { throw SQLRefusal.reservedName(c.name, table: table.name) }
            fields.append((c.name, c.type))
            if inputs != nil, Self.isDerived(c, in: table) {
                if c.name.lowercased() == "trend", inputs?.trendOverride != nil { hasTrendOverride = true }
                derived.insert(c.name.lowercased())
                continue
            }
            rawColumns.append(i)
            switch c.data {
            case .number: stored.append(.init(name: c.name, isNumber: true))
            case .text: stored.append(.init(name: c.name, isNumber: false))
            case .enumeration(_, let d): stored.append(.init(name: c.name, isNumber: false, domain: d))
            }
        }
        if let inputs {
            isMetrics = true
            periodCount = inputs.layouts.isEmpty ? inputs.periods.count : inputs.layouts.map(\.slots.count).max() ?? 0
            for i in 0..<periodCount { stored.append(.init(name: Self.period(i), isNumber: true)) }
            stored.append(.init(name: "kpiql_target", isNumber: true))
            hasPeriodTarget = !inputs.periodTarget.isEmpty
            if hasPeriodTarget { stored.append(.init(name: "kpiql_period_target", isNumber: true)) }
            stored.append(.init(name: "kpiql_good", isNumber: false, domain: .good))
            hasReported = derived.contains("reported_status")
            if hasReported {
                stored.append(.init(name: "kpiql_reported_variance", isNumber: true))
                stored.append(.init(name: "kpiql_reported_met", isNumber: true))
            }
            if hasTrendOverride { stored.append(.init(name: "kpiql_trend", isNumber: false, domain: .trend)) }
            stored.append(.init(name: Self.seriesLength, isNumber: true))
        }
        stored.append(.init(name: Self.rowColumn, isNumber: true))
    }

    /// A layout given column by column (a table found on a server: see `SQLServerShape`).
    init(table: Table, stored: [StoredColumn], fields: [(name: String, type: FieldType)], derived: Set<String>, isMetrics: Bool) {
        self.table = table
        serverName = table.name
        self.stored = stored
        self.fields = fields
        self.derived = derived
        self.isMetrics = isMetrics
    }

    /// Whether `MetricsDeriver` made this column. `vs_england` is derived only when kpiql
    /// compares with `england_avg` itself; a Fingertips table's published comparison is raw.
    static func isDerived(_ c: Column, in table: Table) -> Bool {
        let name = c.name.lowercased()
        guard derivedNames.contains(name) else { return false }
        func has(_ f: String, number: Bool) -> Bool {
            switch table.column(f)?.data { case .number?: return number; case .text?: return !number; default: return false }
        }
        switch name {
        case "vs_england", "vs_neighbours":
            guard case .enumeration(_, let d) = c.data, d == .versus else { return false }
            return has(name == "vs_england" ? "england_avg" : "neighbour_avg", number: true)
        case "benchmark_age": return has("benchmark_period", number: false) && has("reporting_period", number: false)
        default: return true
        }
    }

    /// How many periods the row's own series has (the sparkline has one mark per period).
    public static let seriesLength = "kpiql_n"

    /// The column of the i-th period (0-based) of each row's own series.
    static func period(_ i: Int) -> String { "kpiql_p\(i + 1)" }

    /// A metrics table: the derived fields are computed from the `kpiql_` inputs.
    public internal(set) var isMetrics = false
    /// Whether the server table has `kpiql_row`; one kpiql did not push numbers its rows in the statement.
    public internal(set) var hasRowColumn = true

    /// The cells of row `r` for the server, in the order of `stored`.
    public func cells(row r: Int) -> [Value] {
        var out: [Value] = []
        forEachRow(r..<(r + 1)) { _, cells in out = cells }
        return out
    }

    /// The cells of each row in `rows`, reading the table's columns and inputs once rather
    /// than once per row (a push of 10M rows goes through here).
    public func forEachRow(_ rows: Range<Int>, _ body: (Int, [Value]) -> Void) {
        let columns = rawColumns.map { table.columns[$0].data }
        let inputs = table.metricsInputs
        func num(_ v: Double) -> Value { v.isNaN ? .missing : .number(v) }
        var out: [Value] = []
        out.reserveCapacity(stored.count)
        for r in rows {
            out.removeAll(keepingCapacity: true)
            for c in columns { out.append(c.value(at: r)) }
            if let inputs {
                let series = inputs.series(row: r)
                for i in 0..<periodCount { out.append(i < series.count ? num(series[i]) : .missing) }
                out.append(num(inputs.target[r]))
                if hasPeriodTarget { out.append(num(inputs.periodTarget[r])) }
                out.append(EnumDomain.good.symbol(inputs.good[r]).map { .text($0) } ?? .missing)
                if hasReported {
                    out.append(inputs.reportedVariance.isEmpty ? .missing : num(inputs.reportedVariance[r]))
                    let met = inputs.reportedMet.isEmpty ? 255 : inputs.reportedMet[r]
                    out.append(met == 255 ? .missing : .number(Double(met)))
                }
                if let t = inputs.trendOverride { out.append(EnumDomain.trend.symbol(t.codes[r]).map { .text($0) } ?? .missing) }
                out.append(.number(Double(series.count)))
            }
            out.append(.number(Double(r)))
            body(r, out)
        }
    }
}
