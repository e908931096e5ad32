import KpiqlEngine
import KpiqlData

/// What a person needs beside kpiql's own figures to read them honestly: which periods a
/// trend compares, the council's own published judgement next to kpiql's, and which target
/// a variance was computed against when a period (year-to-date) target exists.
///
/// Used for the trend and variance cells of per-indicator results in table footnotes,
/// markdown, line output and the HTML report (table and cards). CSV, TSV and JSON carry the
/// plain fields instead (`previous_period`, `comparison`, `reported_trend`, `period_target`).
public enum Judgement {
    /// "Trend (Q2 Sept vs Q1 June)" or "Trend (no comparable period)"; nil on a table without periods.
    static func trendLabel(_ t: Table, row r: Int) -> String? {
        guard t.column("comparison") != nil else { return nil }
        if let p = text(t, "previous_period", r), let l = text(t, "latest_period", r) ?? (t.periodLabels(row: r).last) {
            return "Trend (\(l) vs \(p))"
        }
        return "Trend (no comparable period)"
    }

    /// "council's report: improving" where the council published a trend.
    static func councilTrend(_ t: Table, row r: Int) -> String? {
        text(t, "reported_trend", r).map { "council's report: \($0)" }
    }

    /// The note beside a trend cell: "Q2 Sept vs Q1 June · council's report: improving".
    static func trendNote(_ t: Table, row r: Int) -> String? {
        var parts: [String] = []
        if let p = text(t, "previous_period", r), let l = text(t, "latest_period", r) { parts.append("\(l) vs \(p)") }
        else if let why = text(t, "comparison", r) { parts.append(why) }
        if let c = councilTrend(t, row: r) { parts.append(c) }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }

    /// "against period target 800, not the annual 1600" when the variance used a period target.
    static func varianceNote(_ t: Table, row r: Int, decimals: Int) -> String? {
        let pt = number(t, "period_target", r), target = number(t, "target", r)
        guard pt.isFinite, pt != target else { return nil }
        return "against period target \(NumberFormat.display(pt, decimals: decimals))"
            + (target.isFinite ? ", not the annual \(NumberFormat.display(target, decimals: decimals))" : "")
    }

    /// The result with notes beside its `trend` and `variance` cells and, for tables, one
    /// footnote per row whose variance used a period target.
    public static func annotate(_ result: ResultSet, catalog: Catalog, decimals: Int) -> ResultSet {
        guard let (table, rowsOf) = MetricCard.tableRows(for: result, catalog: catalog) else { return result }
        var r = result
        let idColumn = r.columns.firstIndex { $0.name.lowercased() == "id" }
        for (c, column) in r.columns.enumerated() {
            let name = column.name.lowercased()
            guard name == "trend" || name == "variance" else { continue }
            r.columns[c].notes = rowsOf.map { rows in
                rows.first.flatMap { name == "trend" ? trendNote(table, row: $0) : varianceNote(table, row: $0, decimals: decimals) }
            }
            if name == "variance", let idColumn {
                for (i, rows) in rowsOf.enumerated() {
                    guard let row = rows.first, let note = varianceNote(table, row: row, decimals: decimals) else { continue }
                    r.footnotes.append("\(r.value(row: i, column: idColumn).description): variance is " + note)
                }
            }
        }
        return r
    }

    private static func text(_ t: Table, _ field: String, _ r: Int) -> String? {
        switch t.column(field)?.data.value(at: r) {
        case .text(let s)?, .symbol(let s)?: return s
        default: return nil
        }
    }

    private static func number(_ t: Table, _ field: String, _ r: Int) -> Double { t.column(field)?.data.value(at: r).number ?? .nan }
}
