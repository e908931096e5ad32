import KpiqlEngine

/// Rows of a metrics table before they become columns: each council's file is read into this
/// shape, the shapes are appended, and `MetricsRows.table` builds the columnar `metrics` table.
struct MetricsRows {
    var text: [String: [String?]] = [:]
    var numbers: [String: [Double]] = [:]
    var periods: [[Double]] = []
    var good: [String?] = []
    var target: [Double] = []
    var periodTarget: [Double] = []
    var reportedVariance: [Double] = []
    var reportedMet: [UInt8] = []
    var reportedTrend: [String?] = []
    var layouts: [PeriodLayout] = []
    var layoutOfRow: [UInt8] = []
    var cumulative: [UInt8] = []
    var periodsPerYear: [UInt8] = []
    var count = 0

    static let textFields = ["council", "id", "name", "priority", "service", "priority_title", "outcome", "tier", "frequency",
                             "printed_change", "printed_distance", "comparative", "neighbour_group", "benchmark_period",
                             "commentary", "action", "note", "printed_trend", "reporting_period"]
    static let numberFields = ["priority_no", "r3", "r2", "r1", "outturn", "q1", "q2",
                               "reported_change", "reported_distance", "quartile", "england_avg", "neighbour_avg"]
    /// Period slots across all councils, oldest first; each council fills its own.
    static let periodSlots = ["r3", "r2", "r1", "most_recent", "outturn", "q1", "q2"]

    /// Appends `n` rows; fields a council does not have stay missing.
    mutating func append(count n: Int, text t: [String: [String?]], numbers num: [String: [Double]],
                         periods p: [String: [Double]], good g: [String?], target tg: [Double], periodTarget pt: [Double],
                         reportedVariance rv: [Double], reportedMet rm: [UInt8], reportedTrend rt: [String?],
                         cumulative cu: [UInt8], periodsPerYear ppy: [UInt8],
                         layout: (slots: [String], labels: [String], annual: [Bool])) {
        layouts.append(PeriodLayout(slots: layout.slots.map { Self.periodSlots.firstIndex(of: $0)! }, labels: layout.labels, annual: layout.annual))
        cumulative += cu
        periodsPerYear += ppy
        layoutOfRow += Array(repeating: UInt8(layouts.count - 1), count: n)
        for f in Self.textFields { text[f, default: []] += t[f] ?? Array(repeating: nil, count: n) }
        for f in Self.numberFields { numbers[f, default: []] += num[f] ?? Array(repeating: .nan, count: n) }
        if periods.isEmpty { periods = Array(repeating: [], count: Self.periodSlots.count) }
        for (i, slot) in Self.periodSlots.enumerated() { periods[i] += p[slot] ?? Array(repeating: .nan, count: n) }
        good += g; target += tg; periodTarget += pt
        reportedVariance += rv; reportedMet += rm; reportedTrend += rt
        count += n
    }

    /// The columnar table with raw fields; derived fields are added by `MetricsDeriver`.
    func table(name: String, sources: [String]) -> Table {
        var cols: [Column] = []
        let docs = MetricsSchema.docs
        func doc(_ f: String) -> String { docs[f] ?? "" }
        for f in ["council", "reporting_period", "id", "name", "priority", "service"] { cols.append(.text(f, text[f]!, doc: doc(f))) }
        cols.append(.number("priority_no", numbers["priority_no"]!, doc: doc("priority_no")))
        for f in ["priority_title", "outcome", "tier", "frequency"] { cols.append(.text(f, text[f]!, doc: doc(f))) }
        cols.append(.text("cumulative", cumulative.map { $0 == 1 ? "yes" : "no" }, doc: doc("cumulative")))
        cols.append(.enumeration("good", .good, good, doc: doc("good")))
        for f in ["r3", "r2", "r1", "outturn", "q1", "q2"] { cols.append(.number(f, numbers[f]!, doc: doc(f))) }
        cols.append(.number("target", target, doc: doc("target")))
        cols.append(.number("period_target", periodTarget, doc: doc("period_target")))
        for f in ["reported_change", "reported_distance"] { cols.append(.number(f, numbers[f]!, doc: doc(f))) }
        cols.append(.number("reported_variance", reportedVariance, doc: doc("reported_variance")))
        cols.append(.enumeration("reported_trend", .trend, reportedTrend, doc: doc("reported_trend")))
        for f in ["printed_change", "printed_distance"] { cols.append(.text(f, text[f]!, doc: doc(f))) }
        for f in ["quartile", "england_avg", "neighbour_avg"] { cols.append(.number(f, numbers[f]!, doc: doc(f))) }
        for f in ["neighbour_group", "benchmark_period", "comparative", "commentary", "action", "note", "printed_trend"] {
            cols.append(.text(f, text[f]!, doc: doc(f)))
        }
        let table = Table(name: name, kind: .metrics, columns: cols, defaultFields: MetricsSchema.defaultFields, sources: sources)
        let goodCodes = good.map { g in g.flatMap { EnumDomain.good.code(of: $0) } ?? EnumDomain.missingCode }
        table.metricsInputs = MetricsInputs(periods: periods, target: target, periodTarget: periodTarget, good: goodCodes,
                                            reportedVariance: reportedVariance, reportedMet: reportedMet,
                                            layouts: layouts, layoutOfRow: layoutOfRow, cumulative: cumulative, periodsPerYear: periodsPerYear,
                                            skipsBlankPeriods: false)
        return table
    }
}
