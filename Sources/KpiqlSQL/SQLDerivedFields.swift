import KpiqlEngine
import KpiqlData

/// The derived fields of a metrics table as SQL over the stored inputs, with the same rules
/// `MetricsDeriver` and `StatusRule` apply in memory (the tolerance is written as a literal).
///
/// Common table expressions: `kpiql_at` and `kpiql_cmp` find which periods are compared
/// (`SQLPeriodComparison`), `kpiql_inputs` picks each row's latest and previous values
/// and its target and polarity; `kpiql_rows` gives every field the query reads under its
/// kpiql name, with enums as their codes (0 green, 1 amber, 2 red…) so comparisons and
/// `order by` follow the domain order, as in memory.
struct SQLDerivedFields {
    let shape: SQLTableShape
    let dialect: SQLDialect
    let tolerance: Double
    /// The table's fields computed once (`kpiql push --derive`): read from it when given.
    var view: SQLDerivedView? = nil

    /// Names of the inputs layer: latest, previous, the target in force, polarity (1 high, 0 low).
    static let latest = "kpiql_latest", previous = "kpiql_previous", target = "kpiql_t", high = "kpiql_high"

    func id(_ s: String) -> String { dialect.identifier(s) }
    var double: String { dialect.doubleType }

    /// `WITH` items: the inputs layer (metrics tables only) and `kpiql_rows` with `fields`.
    func commonTables(fields: [String], series: Bool) throws(Diagnostic) -> [(name: String, body: String)] {
        if let view { return [("kpiql_rows", viewRows(view, fields: fields, series: series))] }
        var out: [(String, String)] = []
        var from = id(shape.serverName)
        if shape.isMetrics {
            let periods = SQLPeriodComparison(shape: shape, dialect: dialect)
            out += periods.commonTables(from: from)
            from = "kpiql_cmp"
            let t = shape.hasPeriodTarget ? "COALESCE(\(id("kpiql_period_target")), \(id("kpiql_target")))" : id("kpiql_target")
            out.append(("kpiql_inputs", """
                SELECT *, \(periods.latest) AS \(Self.latest), \(periods.previous) AS \(Self.previous),
                    \(t) AS \(Self.target),
                    CASE \(id("kpiql_good")) WHEN 'high' THEN 1 WHEN 'low' THEN 0 END AS \(Self.high)
                  FROM \(from)
                """))
            from = "kpiql_inputs"
        }
        var columns: [String] = []
        for f in fields {
            guard let (name, type) = shape.fields.first(where: { $0.name.lowercased() == f.lowercased() }) else { continue }
            columns.append("\(try fieldSQL(name, type)) AS \(id(name))")
        }
        // A table kpiql did not push has no row order of its own: the server's scan order, numbered.
        columns.append(shape.hasRowColumn ? id(SQLTableShape.rowColumn) : "row_number() OVER () AS \(id(SQLTableShape.rowColumn))")
        if series && shape.isMetrics {
            columns += (0..<shape.periodCount).map { id(SQLTableShape.period($0)) } + [Self.high]
        }
        out.append(("kpiql_rows", "SELECT " + columns.joined(separator: ",\n    ") + "\n  FROM \(from)"))
        return out
    }

    /// `kpiql_rows` read from the derived view, which holds that layer's columns as they are.
    func viewRows(_ view: SQLDerivedView, fields: [String], series: Bool) -> String {
        var columns = fields.compactMap { f in shape.fields.first { $0.name.lowercased() == f.lowercased() }.map { id($0.name) } }
        columns.append(id(SQLTableShape.rowColumn))
        if series && shape.isMetrics {
            columns += (0..<shape.periodCount).map { id(SQLTableShape.period($0)) } + [Self.high]
        }
        return "SELECT " + columns.joined(separator: ",\n    ") + "\n  FROM \(id(view.name))"
    }

    /// The SQL of one field under the `kpiql_rows` layer, enums as codes.
    func fieldSQL(_ name: String, _ type: FieldType) throws(Diagnostic) -> String {
        let lower = name.lowercased()
        guard shape.derived.contains(lower) else {
            if case .enumeration(let d) = type { return decode(id(name), d) }
            return id(name)
        }
        let l = Self.latest, p = Self.previous, t = Self.target, h = Self.high
        switch lower {
        case "latest": return l
        case "previous": return p
        case "change":
            return "CASE WHEN \(l) IS NOT NULL AND \(p) IS NOT NULL AND \(p) <> 0 THEN (\(l) - \(p)) / abs(\(p)) * 100 END"
        case "direction":
            return "CASE WHEN \(l) IS NULL OR \(p) IS NULL THEN NULL WHEN \(l) > \(p) THEN 0 WHEN \(l) < \(p) THEN 1 ELSE 2 END"
        case "trend":
            if shape.hasTrendOverride { return decode(id("kpiql_trend"), .trend) }
            return "CASE WHEN \(l) IS NULL OR \(p) IS NULL OR \(h) IS NULL THEN NULL WHEN \(l) = \(p) THEN 2 WHEN (\(l) > \(p)) = (\(h) = 1) THEN 0 ELSE 1 END"
        case "variance":
            return "CASE WHEN \(h) IS NULL OR \(l) IS NULL OR \(t) IS NULL OR \(t) = 0 THEN NULL WHEN \(h) = 1 THEN (\(l) - \(t)) / abs(\(t)) * 100 ELSE (\(t) - \(l)) / abs(\(t)) * 100 END"
        case "gap":
            return "CASE WHEN \(h) IS NULL OR \(l) IS NULL OR \(t) IS NULL THEN NULL WHEN \(h) = 1 THEN greatest(CAST(0 AS \(double)), \(t) - \(l)) ELSE greatest(CAST(0 AS \(double)), \(l) - \(t)) END"
        case "status":
            // StatusRule.classify: met is green; amber when the achievement ratio reaches the
            // threshold; red otherwise, also when the ratio has no finite value (NULLIF).
            let ratio = "CASE WHEN \(h) = 1 THEN \(l) / NULLIF(\(t), 0) ELSE \(t) / NULLIF(\(l), 0) END"
            return "CASE WHEN \(h) IS NULL OR \(l) IS NULL OR \(t) IS NULL THEN NULL WHEN (\(h) = 1 AND \(l) >= \(t)) OR (\(h) = 0 AND \(l) <= \(t)) THEN 0 "
                + "WHEN (\(ratio)) >= \(dialect.number(Self.threshold(tolerance))) THEN 1 ELSE 2 END"
        case "reported_status":
            // StatusRule.classify(publishedVariance:) at the council's fixed 95%.
            let v = id("kpiql_reported_variance")
            let ratio = "CASE WHEN \(h) = 1 THEN 1 + \(v) / 100 ELSE 1 / (1 - \(v) / 100) END"
            return "CASE \(id("kpiql_reported_met")) WHEN 1 THEN 0 WHEN 0 THEN (CASE WHEN \(h) IS NULL OR \(v) IS NULL THEN NULL WHEN \(v) >= 0 THEN 0 "
                + "WHEN (\(ratio)) >= \(dialect.number(Self.threshold(5))) THEN 1 ELSE 2 END) END"
        case "vs_england", "vs_neighbours":
            let a = id(lower == "vs_england" ? "england_avg" : "neighbour_avg")
            return "CASE WHEN \(h) IS NULL OR \(l) IS NULL OR \(a) IS NULL THEN NULL WHEN \(l) = \(a) THEN 1 WHEN (\(l) > \(a)) = (\(h) = 1) THEN 0 ELSE 2 END"
        case "latest_period", "previous_period", "comparison":
            return SQLPeriodComparison(shape: shape, dialect: dialect).textField(lower)
        case "benchmark_age":
            return "(\(dialect.firstYear(id("reporting_period"))) - \(dialect.firstYear(id("benchmark_period"))))"
        case "spark":
            // One mark per period of the row's own series (`kpiql_n` of them).
            let n = id(SQLTableShape.seriesLength)
            let p = (0..<shape.periodCount).map { id(SQLTableShape.period($0)) }
            let cases = (1...max(1, p.count)).filter { $0 <= p.count }.map { k in "WHEN \(n) = \(k) THEN \(SQLSpark(dialect: dialect).sql(Array(p[..<k])))" }
            return cases.isEmpty ? "CAST(NULL AS TEXT)" : "CASE " + cases.joined(separator: " ") + " END"
        default:
            throw SQLRefusal.construct("the field \(name)", "kpiql computes it in memory only", span: .none)
        }
    }

    /// The amber threshold exactly as `StatusRule` computes it, so the literal is the same double.
    static func threshold(_ tolerance: Double) -> Double { 1 - tolerance / 100 - 1e-12 }

    /// An enum stored as its symbol's text, read as its code.
    func decode(_ sql: String, _ d: EnumDomain) -> String {
        "CASE \(sql) " + d.values.enumerated().map { "WHEN \(dialect.literal($1)) THEN \($0)" }.joined(separator: " ") + " END"
    }
}
