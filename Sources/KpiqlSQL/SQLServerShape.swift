import KpiqlEngine
import KpiqlData

/// The layout of a table found in a server's catalog, and a table without rows that stands
/// for it in kpiql's catalog, so queries bind, `.tables`, `.fields` and Tab completion list
/// it, and the compiler reads it, without any of its rows coming into memory.
///
/// A table is a metrics table when it has the inputs `kpiql push` writes (`kpiql_good`,
/// `kpiql_target` and `kpiql_p1` …); its derived fields are then offered as in memory. A
/// column whose comment reads `kpiql enum DOMAIN` (push writes one for `good` and the like)
/// is that enum; other columns are numbers (any numeric type) or text.
extension SQLTableShape {
    public struct ServerColumn: Sendable {
        public var name: String
        public var isNumber: Bool
        public var comment: String?
        public init(name: String, isNumber: Bool, comment: String?) {
            self.name = name
            self.isNumber = isNumber
            self.comment = comment
        }
    }

    /// The enums a comment can name.
    static let domains: [EnumDomain] = [.status, .good, .direction, .trend, .comparison, .versus]

    /// The comment push writes on an enum column.
    public static func enumComment(_ d: EnumDomain) -> String { "kpiql enum \(d.name)" }

    public init(discovered name: String, columns: [ServerColumn]) {
        let names = Set(columns.map { $0.name.lowercased() })
        let periods = columns.filter { $0.name.lowercased().hasPrefix("kpiql_p") && Int($0.name.dropFirst(7)) != nil }
        let metrics = names.contains("kpiql_good") && names.contains("kpiql_target") && !periods.isEmpty
        // The period text fields are derived where push wrote the labels; a stored one is raw.
        let labelled = metrics && names.contains(Self.label(0))
        func isDerivedHere(_ f: String) -> Bool {
            Self.periodTextFields.contains(f) ? labelled && !(f == "latest_period" && names.contains(f)) : Self.derivedNames.contains(f)
        }
        var stored: [StoredColumn] = [], fields: [(String, FieldType)] = [], tableColumns: [Column] = []
        for c in columns {
            let domain = c.comment.flatMap { comment in Self.domains.first { Self.enumComment($0) == comment } }
            stored.append(StoredColumn(name: c.name, isNumber: c.isNumber, domain: domain))
            guard !c.name.lowercased().hasPrefix(Self.reservedPrefix) else { continue }
            if metrics && isDerivedHere(c.name.lowercased()) { continue }
            let column: Column = domain.map { Column(c.name, .enumeration(codes: [], domain: $0)) }
                ?? (c.isNumber ? Column.number(c.name, []) : Column.text(c.name, []))
            tableColumns.append(column)
            fields.append((c.name, column.type))
        }
        var derived: [(String, FieldType)] = []
        if metrics {
            if names.contains(Self.seriesLength) { derived.append(("spark", .text)) }
            derived += [("latest", .number), ("previous", .number), ("change", .number), ("direction", .enumeration(.direction)),
                       ("trend", .enumeration(.trend)), ("variance", .number), ("gap", .number), ("status", .enumeration(.status))]
            func has(_ f: String, number: Bool) -> Bool { columns.contains { $0.name.lowercased() == f && $0.isNumber == number } }
            if names.contains("kpiql_reported_met") { derived.append(("reported_status", .enumeration(.status))) }
            if has("england_avg", number: true) { derived.append(("vs_england", .enumeration(.versus))) }
            if has("neighbour_avg", number: true) { derived.append(("vs_neighbours", .enumeration(.versus))) }
            if has("benchmark_period", number: false) && has("reporting_period", number: false) { derived.append(("benchmark_age", .number)) }
            for f in ["latest_period", "previous_period", "comparison"] where isDerivedHere(f) { derived.append((f, .text)) }
        }
        for (f, t) in derived {
            switch t {
            case .enumeration(let d): tableColumns.append(Column(f, .enumeration(codes: [], domain: d)))
            case .text: tableColumns.append(Column.text(f, []))
            default: tableColumns.append(Column.number(f, []))
            }
            fields.append((f, t))
        }
        let defaults = metrics ? MetricsSchema.defaultFields.filter { f in tableColumns.contains { $0.name == f } } : nil
        self.init(table: Table(name: name, kind: metrics ? .metrics : .plain, columns: tableColumns, defaultFields: defaults,
                               sources: ["server table \(name)"]),
                  stored: stored, fields: fields, derived: Set(derived.map { $0.0 }), isMetrics: metrics)
        periodCount = periods.count
        hasPeriodTarget = names.contains("kpiql_period_target")
        hasReported = names.contains("kpiql_reported_met")
        hasTrendOverride = names.contains("kpiql_trend")
        hasRowColumn = names.contains(Self.rowColumn)
        comparesLikePeriods = names.contains(Self.perYear) && names.contains(Self.cumulative) && names.contains(Self.annual)
        hasPeriodLabels = labelled
    }
}
