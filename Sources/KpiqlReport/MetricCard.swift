import KpiqlEngine
import KpiqlData

/// One indicator of a result, as the report shows it under the table: its period values for
/// the chart, target, rating, and the council's commentary and action for improvement.
///
/// Cards are found by looking each result row's `id` (and `council`, when the result has
/// it) up in the metrics table the query read, so a query need not select the series,
/// commentary or action for the report to show them.
public struct MetricCard: Sendable {
    public var council: String?
    public var id: String
    public var name: String?
    public var priority: String?
    public var good: String?
    public var values: [Double]
    public var labels: [String]
    public var latest: Double
    public var target: Double
    public var periodTarget: Double
    public var variance: Double
    public var change: Double
    public var status: String?
    public var trend: String?
    public var direction: String?
    public var commentary: String?
    public var action: String?
    /// Why a value is missing ("To be reported in Q3").
    public var note: String?
    /// "Trend (Q2 Sept vs Q1 June)", the council's own trend, and the target the variance used
    /// when it is a period target (see `Judgement`).
    public var trendLabel: String?
    public var councilTrend: String?
    public var varianceNote: String?
    /// Which of `values` are whole-year outturns among quarterly values (drawn apart on the chart).
    public var annual: [Bool] = []

    /// The cards for a result: one per distinct metrics row its rows name, in result order.
    /// Empty when the result is not per indicator (no `id` column, a plain table, a grouping).
    public static func cards(for result: ResultSet, catalog: Catalog) -> [MetricCard] {
        guard let (table, rowsOf) = tableRows(for: result, catalog: catalog) else { return [] }
        var seen = Set<Int>()
        var cards: [MetricCard] = []
        for rows in rowsOf { for r in rows where seen.insert(r).inserted { cards.append(MetricCard(table: table, row: r)) } }
        return cards
    }

    /// The metrics table a per-indicator result came from, and for each result row the table
    /// rows its `id` (and `council`, when the result has it) names; nil when the result is
    /// not per indicator.
    static func tableRows(for result: ResultSet, catalog: Catalog) -> (Table, [[Int]])? {
        guard let table = catalog.table(result.tableName), table.kind == .metrics,
              let idColumn = result.columns.firstIndex(where: { $0.name.lowercased() == "id" }),
              let tableIds = table.column("id") else { return nil }
        let resultCouncil = result.columns.firstIndex { $0.name.lowercased() == "council" }
        let tableCouncil = table.column("council")
        // One pass over the table: (council, id) and id alone to its rows.
        var byKey: [String: [Int]] = [:], byId: [String: [Int]] = [:]
        for r in 0..<table.rowCount {
            guard case .text(let id) = tableIds.data.value(at: r) else { continue }
            byKey[key(council: tableCouncil?.data.value(at: r).description, id: id), default: []].append(r)
            byId[id, default: []].append(r)
        }
        let rowsOf = (0..<result.rowCount).map { row -> [Int] in
            guard case .text(let id) = result.value(row: row, column: idColumn) else { return [] }
            if let rc = resultCouncil { return byKey[key(council: result.value(row: row, column: rc).description, id: id)] ?? [] }
            return byId[id] ?? []
        }
        return (table, rowsOf)
    }

    /// Reads row `row` of a metrics table.
    init(table: Table, row: Int) {
        func text(_ f: String) -> String? {
            guard let c = table.column(f) else { return nil }
            switch c.data.value(at: row) {
            case .text(let s), .symbol(let s): return s
            default: return nil
            }
        }
        func number(_ f: String) -> Double { table.column(f)?.data.value(at: row).number ?? .nan }
        council = text("council")
        id = text("id") ?? ""
        name = text("name")
        priority = text("priority")
        good = text("good")
        values = table.series(row: row)
        labels = table.periodLabels(row: row)
        latest = number("latest")
        target = number("target")
        periodTarget = number("period_target")
        variance = number("variance")
        change = number("change")
        status = text("status")
        trend = text("trend")
        direction = text("direction")
        commentary = text("commentary")
        action = text("action")
        note = text("note")
        trendLabel = Judgement.trendLabel(table, row: row)
        councilTrend = text("reported_trend")
        varianceNote = Judgement.varianceNote(table, row: row, decimals: 2)
        annual = table.periodIsAnnual(row: row)
    }

    /// The key a result row finds its card by: council (when known) and id.
    static func key(council: String?, id: String) -> String { (council ?? "") + "\u{0}" + id }

    /// The chart of this card's periods; `idPrefix` is unique in the page.
    func chart(idPrefix: String, decimals: Int = 2) -> SVGChart {
        let what = [id, name].compactMap { $0 }.joined(separator: " ")
        var chart = SVGChart(values: values, labels: labels, target: target, periodTarget: periodTarget,
                             status: status, title: what, idPrefix: idPrefix, decimals: decimals)
        chart.annual = annual
        return chart
    }
}
