import Foundation
import KpiqlEngine

/// Loads the bundled council datasets in `datasets/` into a catalog: `metrics` (Sefton and
/// St Helens KPIs in one table), `budget` and `capital` (Sefton finance, plain tables).
public enum BundledDatasets {
    public static let seftonFile = "sefton_2024_11.csv"
    public static let stHelensFile = "st_helens_2024q2.csv"
    public static let budgetFile = "sefton_budget_2024_06.csv"
    public static let capitalFile = "sefton_capital_2024_25.csv"

    public static func load(into workspace: Workspace, directory dir: String) throws(Diagnostic) {
        var rows = MetricsRows()
        let sefton = dir + "/" + seftonFile, stHelens = dir + "/" + stHelensFile
        try appendSefton(try DatasetColumns(path: sefton), to: &rows)
        try appendStHelens(try DatasetColumns(path: stHelens), to: &rows)
        workspace.add(rows.table(name: "metrics", sources: [sefton, stHelens]))
        let budget = dir + "/" + budgetFile, capital = dir + "/" + capitalFile
        workspace.add(Loader.plain("budget", try LoadedFile.read(path: budget)))
        workspace.add(Loader.plain("capital", try LoadedFile.read(path: capital)))
    }

    static func appendSefton(_ csv: DatasetColumns, to rows: inout MetricsRows) throws(Diagnostic) {
        let n = csv.rowCount
        let ids = try csv.strings("id")
        let prefixes = ["C", "A", "H", "W", "G", "F"]
        let priorityNo = ids.map { id in Double((prefixes.firstIndex(of: String(id.prefix(1))) ?? -1) + 1) }
        let good = try csv.optionalStrings("good")
        let latest = try csv.numbers("latest"), target = try csv.numbers("target")
        let printedChange = try csv.strings("reported_change"), printedDistance = try csv.strings("reported_distance")
        var change = [Double](repeating: .nan, count: n), distance = change, variance = change
        var met = [UInt8](repeating: 255, count: n)
        var trend = [String?](repeating: nil, count: n)
        for r in 0..<n {
            let c = PrintedFigures.change(printedChange[r])
            change[r] = c.percent
            if let dir = c.direction, let g = good[r] {
                trend[r] = dir == "same" ? "same" : ((dir == "up") == (g == "high") ? "improving" : "worsening")
            }
            let d = PrintedFigures.distance(printedDistance[r])
            distance[r] = d.units
            variance[r] = d.percent.map { -$0 } ?? .nan
            if d.met { met[r] = 1 } else if !target[r].isNaN { met[r] = 0 }
        }
        _ = latest
        rows.append(count: n,
                    text: ["council": Array(repeating: "Sefton", count: n), "reporting_period": Array(repeating: "November 2024", count: n),
                           "id": ids.map { $0 },
                           "name": try csv.optionalStrings("name"), "priority": try csv.optionalStrings("priority"),
                           "priority_title": try csv.optionalStrings("priority_title"), "service": try csv.optionalStrings("service"),
                           "frequency": try csv.optionalStrings("frequency"),
                           "printed_change": printedChange.map { $0 }, "printed_distance": printedDistance.map { $0 },
                           "commentary": try csv.optionalStrings("commentary")],
                    numbers: ["priority_no": priorityNo, "r3": try csv.numbers("r3"), "r2": try csv.numbers("r2"),
                              "r1": try csv.numbers("r1"), "reported_change": change, "reported_distance": distance],
                    periods: ["r3": try csv.numbers("r3"), "r2": try csv.numbers("r2"), "r1": try csv.numbers("r1"),
                              "most_recent": latest],
                    good: good, target: target, periodTarget: Array(repeating: .nan, count: n),
                    reportedVariance: variance, reportedMet: met, reportedTrend: trend,
                    cumulative: PeriodComparison.cumulativeFlags(try csv.strings("cumulative")),
                    periodsPerYear: (try csv.strings("frequency")).map(PeriodComparison.periodsPerYear),
                    layout: (["r3", "r2", "r1", "most_recent"], ["Recent -3", "Recent -2", "Recent -1", "Most Recent"], []))
    }

    static let stHelensPriorities = ["Children", "Health", "Communities", "Economy", "Places", "Council"]

    static func appendStHelens(_ csv: DatasetColumns, to rows: inout MetricsRows) throws(Diagnostic) {
        let n = csv.rowCount
        let priorityNo = try csv.numbers("priority_no")
        let priority = priorityNo.map { p -> String? in
            let i = Int(p) - 1
            return i >= 0 && i < stHelensPriorities.count ? stHelensPriorities[i] : nil
        }
        let table = try csv.strings("reported_table")
        let met = table.map { $0 == "met" ? UInt8(1) : ($0 == "not met" ? UInt8(0) : UInt8(255)) }
        let printedTrend = try csv.strings("reported_trend")
        let trend = printedTrend.map(PrintedFigures.arrowTrend)
        let tier = try csv.strings("tier").map { $0.isEmpty ? nil : "Tier \($0)" }
        rows.append(count: n,
                    text: ["council": Array(repeating: "St Helens", count: n), "reporting_period": Array(repeating: "Q2 2024-25", count: n),
                           "id": try csv.optionalStrings("id"),
                           "name": try csv.optionalStrings("name"), "priority": priority,
                           "priority_title": try csv.optionalStrings("priority_title"), "service": try csv.optionalStrings("service"),
                           "outcome": try csv.optionalStrings("outcome"), "tier": tier,
                           "frequency": try csv.optionalStrings("frequency"),
                           "comparative": try csv.optionalStrings("comparative"),
                           "neighbour_group": try csv.optionalStrings("neighbour_group"),
                           "benchmark_period": try csv.optionalStrings("benchmark_period"),
                           "commentary": try csv.optionalStrings("commentary"), "action": try csv.optionalStrings("action"),
                           "note": try csv.optionalStrings("q2_note"), "printed_trend": printedTrend.map { $0 }],
                    numbers: ["priority_no": priorityNo, "outturn": try csv.numbers("outturn"), "q1": try csv.numbers("q1"),
                              "q2": try csv.numbers("q2"), "quartile": try csv.numbers("quartile"),
                              "england_avg": try csv.numbers("england_avg"), "neighbour_avg": try csv.numbers("neighbour_avg")],
                    periods: ["outturn": try csv.numbers("outturn"), "q1": try csv.numbers("q1"), "q2": try csv.numbers("q2")],
                    good: try csv.optionalStrings("good"), target: try csv.numbers("target"),
                    periodTarget: try csv.numbers("period_target"),
                    reportedVariance: try csv.numbers("reported_variance"), reportedMet: met, reportedTrend: trend,
                    cumulative: PeriodComparison.cumulativeFlags(try csv.strings("cumulative")), periodsPerYear: Array(repeating: 4, count: n),
                    // The 23/24 outturn is a whole year; Q1 and Q2 are quarters of 24/25.
                    layout: (["outturn", "q1", "q2"], ["23/24 outturn", "Q1 June", "Q2 Sept"], [true, false, false]))
    }

}
