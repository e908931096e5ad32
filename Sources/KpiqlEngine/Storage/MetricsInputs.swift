/// The raw, published values of a metrics table, kept so derived fields can be recomputed.
///
/// `periods` are the period columns oldest first (Sefton r3, r2, r1, latest; St Helens
/// outturn, q1, q2); a council with fewer periods leaves the earlier ones missing.
/// `periodTarget`, `reportedVariance` and `reportedMet` may be empty: none given (a table
/// built from roles), which saves three column-sized arrays of missing values.
struct MetricsInputs: Sendable {
    var periods: [[Double]]
    var target: [Double]
    /// A profiled (year-to-date) target where the source gives one; NaN otherwise.
    var periodTarget: [Double]
    /// 0 high, 1 low, 255 missing (codes of `EnumDomain.good`).
    var good: [UInt8]
    /// The published variance, and how the council's own classification reads (met/not met).
    var reportedVariance: [Double]
    var reportedMet: [UInt8]   // 1 met, 0 not met, 255 not published
    /// A published trend that replaces the computed one (Fingertips' Recent Trend, a
    /// statistical test over several periods), with the sentence `.fields` shows for it.
    var trendOverride: (codes: [UInt8], doc: String)? = nil
    /// Each council's period layout: which slots of `periods` are its own, and their labels.
    var layouts: [PeriodLayout] = []
    /// Index into `layouts` for each row.
    var layoutOfRow: [UInt8] = []

    /// The row's own period values, oldest first, with NaN where a period has no value.
    func series(row: Int) -> [Double] {
        guard !layouts.isEmpty else { return periods.map { $0[row] } }
        return layouts[Int(layoutOfRow[row])].slots.map { periods[$0][row] }
    }
}

/// The periods one source reports, as slots of `MetricsInputs.periods`, with their labels.
public struct PeriodLayout: Sendable, Equatable {
    public var slots: [Int]
    public var labels: [String]
}

extension Table {
    /// A metrics row's period values, oldest first (NaN for a gap); empty for a plain table.
    public func series(row: Int) -> [Double] { metricsInputs?.series(row: row) ?? [] }

    /// The labels of a metrics row's periods ("Recent -3" … "Most Recent"; "23/24", "Q1", "Q2").
    public func periodLabels(row: Int) -> [String] {
        guard let m = metricsInputs else { return [] }
        if m.layouts.isEmpty { return (0..<m.periods.count).map { "P\($0 + 1)" } }
        return m.layouts[Int(m.layoutOfRow[row])].labels
    }
}
