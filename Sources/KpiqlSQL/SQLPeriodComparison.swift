import KpiqlEngine
import KpiqlData

/// Which earlier period a row's latest value is compared with, as SQL over the stored inputs,
/// with the rules `MetricsInputs.comparison(row:)` applies in memory.
///
/// Positions are 1-based over the row's own periods (`kpiql_p1` oldest). Two layers:
/// `kpiql_at` finds the latest filled position (`kpiql_la`), the first (`kpiql_fa`) and how
/// far back the comparable period is (`kpiql_back`); `kpiql_cmp` adds the previous position
/// (`kpiql_pa`) and the reason (`kpiql_why`, the raw value of `PeriodComparison.Reason`).
/// - A table whose periods are every indicator's side by side (Fingertips, LG Inform) keeps
///   "the last two values": previous is the last filled period before latest, across blanks.
/// - Otherwise (`SQLTableShape.comparesLikePeriods`) as `PeriodComparison.choose`: the period
///   `back` before latest (a year back for a cumulative measure), never a blank, never a
///   whole-year outturn against a quarter.
struct SQLPeriodComparison {
    let shape: SQLTableShape
    let dialect: SQLDialect

    static let latestAt = "kpiql_la", firstAt = "kpiql_fa", back = "kpiql_back", previousAt = "kpiql_pa", reason = "kpiql_why"

    func id(_ s: String) -> String { dialect.identifier(s) }
    var periods: [String] { (0..<shape.periodCount).map { id(SQLTableShape.period($0)) } }
    var labels: [String] { (0..<shape.periodCount).map { id(SQLTableShape.label($0)) } }

    /// The `WITH` items, reading `from`; the last one is named `kpiql_cmp`.
    func commonTables(from: String) -> [(name: String, body: String)] {
        let p = periods
        let positions = p.indices.map { $0 + 1 }
        var at = ["\(lastFilled(Array(positions))) AS \(Self.latestAt)",
                  "\(firstFilled(Array(positions))) AS \(Self.firstAt)"]
        var cmp: [String] = []
        let pa: String
        if shape.comparesLikePeriods {
            // A year-to-date figure is compared with the same point a year earlier; a whole-year
            // one (per year 1) is its own year-to-date.
            let c = id(SQLTableShape.cumulative), y = id(SQLTableShape.perYear)
            at.append("CASE WHEN \(c) = 1 THEN GREATEST(1, CAST(\(y) AS INTEGER)) ELSE 1 END AS \(Self.back)")
            pa = "(\(Self.latestAt) - \(Self.back))"
            cmp.append("\(pa) AS \(Self.previousAt)")
        } else {
            at.append("1 AS \(Self.back)")
            // For each possible latest, the last filled position before it.
            let cases = positions.reversed().map { l in "WHEN \(p[l - 1]) IS NOT NULL THEN \(lastFilled(Array(positions.prefix(l - 1))))" }
            at.append((cases.isEmpty ? "CAST(NULL AS INTEGER)" : "CASE " + cases.joined(separator: " ") + " END") + " AS \(Self.previousAt)")
            pa = Self.previousAt
        }
        cmp.append("\(reasonSQL(pa)) AS \(Self.reason)")
        return [("kpiql_at", "SELECT *, " + at.joined(separator: ",\n    ") + "\n  FROM \(from)"),
                ("kpiql_cmp", "SELECT *, " + cmp.joined(separator: ",\n    ") + "\n  FROM kpiql_at")]
    }

    /// `PeriodComparison.Reason` as SQL: compared 0, noValue 1, onlyPeriod 2, gap 3,
    /// differentKind 4, yearAgoNotInData 5, yearAgoBlank 6.
    func reasonSQL(_ pa: String) -> String {
        let la = Self.latestAt, fa = Self.firstAt
        guard shape.comparesLikePeriods else {
            return "CASE WHEN \(la) IS NULL THEN 1 WHEN \(pa) IS NULL THEN 2 ELSE 0 END"
        }
        let yearBack = "\(Self.back) > 1"
        let a = id(SQLTableShape.annual)
        func annual(_ k: String) -> String { "COALESCE(substring(\(a), \(k), 1) = '1', FALSE)" }
        return "CASE WHEN \(la) IS NULL THEN 1 "
            + "WHEN \(pa) < 1 THEN (CASE WHEN \(yearBack) THEN 5 WHEN \(fa) < \(la) THEN 4 ELSE 2 END) "
            + "WHEN \(annual(pa)) <> \(annual(la)) THEN (CASE WHEN \(yearBack) THEN 5 ELSE 4 END) "
            + "WHEN \(at(pa, periods)) IS NULL THEN (CASE WHEN \(fa) = \(la) THEN 2 WHEN \(yearBack) THEN 6 ELSE 3 END) "
            + "ELSE 0 END"
    }

    /// The latest value and the comparable previous one (NULL unless compared), under `kpiql_cmp`.
    var latest: String { at(Self.latestAt, periods) }
    var previous: String { "CASE WHEN \(Self.reason) = 0 THEN \(at(Self.previousAt, periods)) END" }

    /// `latest_period`, `previous_period` and `comparison`, under `kpiql_cmp`.
    func textField(_ name: String) -> String {
        let la = at(Self.latestAt, labels), pa = at(Self.previousAt, labels)
        switch name {
        case "latest_period": return la
        case "previous_period": return "CASE WHEN \(Self.reason) = 0 THEN \(pa) END"
        default:
            // The words are PeriodComparison's own, with the labels spliced in as SQL.
            func words(_ r: PeriodComparison.Reason, previous: Int = 1) -> String {
                let text = PeriodComparison(latest: 0, previous: previous, reason: r).text(labels: [Self.latestMark, Self.previousMark]) ?? ""
                return splice(text, [Self.latestMark: la, Self.previousMark: pa])
            }
            let kind = "CASE WHEN \(Self.previousAt) >= 1 THEN \(words(.differentKind)) ELSE \(words(.differentKind, previous: -1)) END"
            let cases: [(PeriodComparison.Reason, String)] = [(.noValue, words(.noValue)), (.onlyPeriod, words(.onlyPeriod)), (.gap, words(.gap)),
                                                              (.differentKind, kind), (.yearAgoNotInData, words(.yearAgoNotInData)),
                                                              (.yearAgoBlank, words(.yearAgoBlank))]
            return "CASE \(Self.reason) " + cases.map { "WHEN \($0.0.rawValue) THEN \($0.1)" }.joined(separator: " ") + " END"
        }
    }

    /// Stand-ins for the labels in `PeriodComparison.text`, replaced by SQL.
    static let latestMark = "\u{1}latest\u{1}", previousMark = "\u{1}previous\u{1}"

    /// `text` as a SQL concatenation: literal pieces quoted, each mark replaced by its SQL.
    func splice(_ text: String, _ marks: [String: String]) -> String {
        var pieces: [String] = [], rest = Substring(text)
        while let (mark, range) = marks.keys.compactMap({ m in rest.range(of: m).map { (m, $0) } }).min(by: { $0.1.lowerBound < $1.1.lowerBound }) {
            if range.lowerBound > rest.startIndex { pieces.append(dialect.literal(String(rest[..<range.lowerBound]))) }
            pieces.append(marks[mark]!)
            rest = rest[range.upperBound...]
        }
        if !rest.isEmpty || pieces.isEmpty { pieces.append(dialect.literal(String(rest))) }
        return pieces.count == 1 ? pieces[0] : "(" + pieces.joined(separator: " || ") + ")"
    }

    /// The value at a 1-based position held in `position`, or NULL.
    func at(_ position: String, _ columns: [String]) -> String {
        columns.isEmpty ? "NULL" : "CASE \(position) " + columns.enumerated().map { "WHEN \($0 + 1) THEN \($1)" }.joined(separator: " ") + " END"
    }

    /// The last of `positions` whose period has a value, or NULL.
    func lastFilled(_ positions: [Int]) -> String {
        positions.isEmpty ? "CAST(NULL AS INTEGER)"
            : "CASE " + positions.reversed().map { "WHEN \(periods[$0 - 1]) IS NOT NULL THEN \($0)" }.joined(separator: " ") + " END"
    }

    /// The first of `positions` whose period has a value, or NULL.
    func firstFilled(_ positions: [Int]) -> String {
        positions.isEmpty ? "CAST(NULL AS INTEGER)"
            : "CASE " + positions.map { "WHEN \(periods[$0 - 1]) IS NOT NULL THEN \($0)" }.joined(separator: " ") + " END"
    }
}
