import KpiqlEngine
import KpiqlData

/// A kpiql table as it is laid out on a SQL server: the raw fields as typed columns, the
/// metric inputs the derived fields are computed from, and a row number that keeps kpiql's
/// row order. `kpiql push` writes this layout and the compiler reads it, so the two agree.
///
/// Numbers are double precision and text is text; an enum field (`good`, `reported_trend`)
/// is stored as its symbol's text. A metrics table's derived fields are not stored: the
/// compiled query computes them from `kpiql_p1` … `kpiql_pN` (each row's own period values,
/// oldest first), `kpiql_n` (how many periods the row has), `kpiql_target`,
/// `kpiql_period_target`, `kpiql_good`, and for a council's own classification
/// `kpiql_reported_variance` and `kpiql_reported_met`; `kpiql_l1` … `kpiql_lN` name the row's
/// periods (for `latest_period`, `previous_period` and `comparison`). A table whose periods
/// are the row's own (`MetricsInputs.skipsBlankPeriods` false) also has `kpiql_cumulative`
/// (1 for a year-to-date measure), `kpiql_per_year` and `kpiql_annual` ('1' for each of the
/// row's periods that is a whole-year outturn, '0' otherwise); their presence is what tells
/// the compiler to compare period-true (`SQLPeriodComparison`).
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
    /// Whether `previous` is the comparable period (`PeriodComparison.choose`) rather than the
    /// value before latest across blanks: the table has `kpiql_per_year` and its fellows.
    public internal(set) var comparesLikePeriods = false
    /// Whether the table has `kpiql_l1` … (the labels of the row's periods).
    public internal(set) var hasPeriodLabels = false
    /// The column that keeps kpiql's row order (ties in `order by`, groups by first row).
    public static let rowColumn = "kpiql_row"
    /// Every column kpiql adds starts with this; a user field that does is refused.
    public static let reservedPrefix = "kpiql_"
    /// Fields `MetricsDeriver` computes, in the order it adds them.
    public static let derivedNames = ["latest", "previous", "change", "direction", "trend", "variance", "gap", "status",
                                      "reported_status", "spark", "vs_england", "vs_neighbours", "benchmark_age",
                                      "latest_period", "previous_period", "comparison"]

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
            comparesLikePeriods = !inputs.skipsBlankPeriods
            if comparesLikePeriods {
                stored.append(.init(name: Self.cumulative, isNumber: true))
                stored.append(.init(name: Self.perYear, isNumber: true))
                stored.append(.init(name: Self.annual, isNumber: false))
            }
            hasPeriodLabels = !derived.isDisjoint(with: Self.periodTextFields)
            if hasPeriodLabels { for i in 0..<periodCount { stored.append(.init(name: Self.label(i), isNumber: false)) } }
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
        // A loaded file with neither layouts nor period names keeps the latest_period it was read with.
        case "latest_period": return table.metricsInputs.map { !$0.layouts.isEmpty || !$0.periodNames.isEmpty } ?? false
        default: return true
        }
    }

    /// How many periods the row's own series has (the sparkline has one mark per period).
    public static let seriesLength = "kpiql_n"

    /// The column of the i-th period (0-based) of each row's own series.
    static func period(_ i: Int) -> String { "kpiql_p\(i + 1)" }

    /// The column of the i-th period's label (0-based).
    static func label(_ i: Int) -> String { "kpiql_l\(i + 1)" }

    /// The inputs of a period-true comparison (see the type's summary).
    static let cumulative = "kpiql_cumulative", perYear = "kpiql_per_year", annual = "kpiql_annual"

    /// The derived text fields that name periods.
    static let periodTextFields: Set<String> = ["latest_period", "previous_period", "comparison"]

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
        // Labels and outturn flags belong to a row's layout: made once per layout, not per row.
        let layoutCount = max(1, inputs?.layouts.count ?? 0)
        let labels = hasPeriodLabels ? (0..<layoutCount).map { inputs?.comparisonLabels(layout: $0) ?? [] } : []
        let annualMasks = comparesLikePeriods ? (0..<layoutCount).map { k -> String in
            guard let layout = inputs?.layouts.isEmpty == false ? inputs?.layouts[k] : nil else { return String(repeating: "0", count: periodCount) }
            return String(layout.slots.indices.map { layout.isAnnual($0) ? "1" : "0" })
        } : []
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
                let layout = inputs.layouts.isEmpty ? 0 : Int(inputs.layoutOfRow[r])
                if comparesLikePeriods {
                    out.append(.number(inputs.cumulative.isEmpty ? 0 : Double(inputs.cumulative[r])))
                    out.append(.number(inputs.periodsPerYear.isEmpty ? 1 : Double(inputs.periodsPerYear[r])))
                    out.append(.text(annualMasks[layout]))
                }
                if hasPeriodLabels {
                    let names = labels[layout]
                    for i in 0..<periodCount { out.append(i < names.count && i < series.count ? .text(names[i]) : .missing) }
                }
            }
            out.append(.number(Double(r)))
            body(r, out)
        }
    }
}
