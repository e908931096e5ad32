import KpiqlEngine
import KpiqlData

/// Aggregates, series functions and comparisons between areas, as SQL.
extension SQLExpressions {
    /// An aggregate over the group's rows: missing values are left out, an empty group has
    /// no sum or average. `count(cond)` and `pct(cond)` are three-valued, as `GroupEvaluator`
    /// is: a row where `cond` is unknown counts in neither part (SQL's `count(cond)` counts the
    /// known rows), and a group with no known row has no count or percentage (NULL, not 0).
    func aggregate(_ f: AggregateFunction, _ arg: BoundExpr?, _ e: BoundExpr) throws(Diagnostic) -> String {
        let d = dialect.doubleType
        guard let arg else { return "CAST(count(*) AS \(d))" }
        let x = try sql(arg, .row)
        switch f {
        case .count: return "CASE WHEN count(\(x)) > 0 THEN CAST(count(CASE WHEN \(x) THEN 1 END) AS \(d)) END"
        case .pct: return "(CAST(count(CASE WHEN \(x) THEN 1 END) AS \(d)) / CAST(NULLIF(count(\(x)), 0) AS \(d)) * 100)"
        case .sum: return "sum(\(x))"
        case .avg: return "avg(\(x))"
        case .median: return dialect.median(x)
        case .min, .max:
            if arg.type == .text {
                // kpiql compares text ignoring case and keeps the first of equals.
                return dialect.first(x, orderBy: "\(folded(x)) \(f == .min ? "ASC" : "DESC"), \(column(SQLTableShape.rowColumn))")
            }
            return "\(f.rawValue)(\(x))"
        }
    }
}

/// `declining(n)`, `improving(n)`, `min(periods)` and `max(periods)` over a row's own periods
/// (`kpiql_p1` oldest … `kpiql_pN`), read with its polarity (`kpiql_high`), as `SeriesFunctions`.
struct SQLSeries {
    let dialect: SQLDialect
    let periods: Int

    func sql(_ f: SeriesFunction, _ n: Int) -> String {
        let p = (0..<periods).map { SQLExpressions.source + "." + dialect.identifier(SQLTableShape.period($0)) }
        switch f {
        case .periodMin, .periodMax:
            if p.isEmpty { return "CAST(NULL AS \(dialect.doubleType))" }
            return p.count == 1 ? p[0] : "\(f == .periodMin ? "LEAST" : "GREATEST")(\(p.joined(separator: ", ")))"
        case .declining, .improving:
            // The run ends at the last period with a value; n+1 values with no gap, each
            // better (improving) or worse (declining) than the one before; else unknown.
            let h = SQLExpressions.source + "." + SQLDerivedFields.high
            var cases: [String] = []
            for last in stride(from: p.count - 1, through: 0, by: -1) {
                let first = last - n
                guard first >= 0 else { cases.append("WHEN \(p[last]) IS NOT NULL THEN NULL"); continue }
                let window = Array(p[first...last])
                let gaps = window.map { "\($0) IS NULL" }.joined(separator: " OR ")
                let steps = (1..<window.count).map { i -> String in
                    let up = "\(window[i]) > \(window[i - 1])", down = "\(window[i]) < \(window[i - 1])"
                    // Better is up when good is high; declining wants each step worse.
                    return f == .improving ? "(CASE WHEN \(h) = 1 THEN \(up) ELSE \(down) END)"
                                           : "(CASE WHEN \(h) = 1 THEN \(down) ELSE \(up) END)"
                }.joined(separator: " AND ")
                cases.append("WHEN \(p[last]) IS NOT NULL THEN (CASE WHEN \(gaps) THEN NULL ELSE \(steps) END)")
            }
            if cases.isEmpty { return "CAST(NULL AS BOOLEAN)" }
            return "(CASE WHEN \(h) IS NULL THEN NULL " + cases.joined(separator: " ") + " END)"
        }
    }
}

/// `rank`, `quartile`, `group_avg` and `group_n` as window functions over the whole table
/// (before `where`, as `ComparativeEvaluator` computes them), partitioned by the indicator key
/// (and the field of `by FIELD`, and `area_type`, as the binder's `keyColumns` say).
///
/// A row's rank is 1 + the number of the group's values strictly better than its own: the
/// group's values counted over the rows ordered best first, excluding the row's peers (equal
/// values), so ties share the better rank. Members are rows whose area or area code is in the
/// comparator group, ignoring case. `group_n` counts the members with a value, plus the row
/// itself when it has one and is not a member. With `by FIELD`, a row whose field is missing
/// is in no partition: every function gives it missing.
struct SQLComparative {
    let dialect: SQLDialect
    let table: Table
    let catalog: Catalog

    func sql(_ f: ComparativeFunction, value v: String, scope: ComparisonScope) -> String {
        let keys = scope.keyColumns.map { dialect.identifier(table.columns[$0].name) }
        let partition = keys.isEmpty ? "" : "PARTITION BY " + keys.joined(separator: ", ")
        let member = membership(scope)
        let memberValue = "CASE WHEN \(member) THEN \(v) END"
        let result: String
        switch f {
        case .groupAvg:
            // Summed in ascending order, as ComparativeEvaluator sums the sorted values.
            result = "avg(\(memberValue)) OVER (\(partition) ORDER BY \(memberValue) ASC NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)"
        case .groupN:
            let own = "CASE WHEN \(member) OR \(v) IS NULL THEN 0 ELSE 1 END"
            result = "CAST(count(\(memberValue)) OVER (\(partition)) + \(own) AS \(dialect.doubleType))"
        case .rank, .quartile:
            func better(_ direction: String) -> String {
                "count(\(memberValue)) OVER (\(partition) ORDER BY \(v) \(direction) NULLS LAST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE GROUP)"
            }
            // `good` is read as its code under kpiql_rows: 0 high, 1 low.
            let good = scope.goodColumn.map { dialect.identifier(table.columns[$0].name) } ?? "NULL"
            let rank = "(1 + CASE WHEN \(good) = 0 THEN \(better("DESC")) ELSE \(better("ASC")) END)"
            let total = "(count(\(memberValue)) OVER (\(partition)) + CASE WHEN \(member) THEN 0 ELSE 1 END)"
            result = SQLComparative.rankOrQuartile(f, rank: rank, among: total, value: v, good: good, dialect: dialect)
        }
        guard let field = scope.partitionField else { return result }
        return "CASE WHEN \(dialect.identifier(table.columns[field].name)) IS NULL THEN NULL ELSE \(result) END"
    }

    /// The rank (1 + how many are better), or the quartile it falls in among `total` areas, as
    /// `ComparativeEvaluator` computes them; missing when the value or the polarity is. One
    /// formula for both the single-list windows and the per-area lists (`SQLComparisonPeers`).
    static func rankOrQuartile(_ f: ComparativeFunction, rank: String, among total: String, value v: String, good: String,
                               dialect: SQLDialect) -> String {
        let d = dialect.doubleType
        let value = f == .rank ? rank : "LEAST(4, floor(CAST((\(rank) - 1) * 4 AS \(d)) / \(total)) + 1)"
        return "CAST(CASE WHEN \(v) IS NULL OR \(good) IS NULL THEN NULL ELSE \(value) END AS \(d))"
    }

    /// Whether a row's area or area code is one of the group's, ignoring case; every row without a group.
    func membership(_ scope: ComparisonScope) -> String {
        guard let name = scope.group, let group = catalog.groups[name.lowercased()] else { return "TRUE" }
        let wanted = group.members.map { dialect.literal($0.lowercased()) }.joined(separator: ", ")
        var tests: [String] = []
        for field in ["area", "area_code"] {
            guard let c = table.column(field), case .text = c.data else { continue }
            tests.append("lower(\(dialect.identifier(c.name))) IN (\(wanted))")
        }
        return tests.isEmpty ? "FALSE" : "COALESCE(" + tests.joined(separator: " OR ") + ", FALSE)"
    }
}
