/// The raw, published values of a metrics table, kept so derived fields can be recomputed.
///
/// `periods` are the period columns oldest first (Sefton r3, r2, r1, latest; St Helens
/// outturn, q1, q2); a council with fewer periods leaves the earlier ones missing.
/// `periodTarget`, `reportedVariance` and `reportedMet` may be empty: none given (a table
/// built from roles), which saves three column-sized arrays of missing values.
package struct MetricsInputs: Sendable {
    package var periods: [[Double]]
    package var target: [Double]
    /// A profiled (year-to-date) target where the source gives one; NaN otherwise.
    package var periodTarget: [Double]
    /// 0 high, 1 low, 255 missing (codes of `EnumDomain.good`).
    package var good: [UInt8]
    /// The published variance, and how the council's own classification reads (met/not met).
    package var reportedVariance: [Double]
    package var reportedMet: [UInt8]   // 1 met, 0 not met, 255 not published
    /// A published trend that replaces the computed one (Fingertips' Recent Trend, a
    /// statistical test over several periods), with the sentence `.fields` shows for it.
    package var trendOverride: (codes: [UInt8], doc: String)? = nil
    /// Each council's period layout: which slots of `periods` are its own, and their labels.
    package var layouts: [PeriodLayout] = []
    /// Index into `layouts` for each row.
    package var layoutOfRow: [UInt8] = []
    /// Per row, 1 where the measure is cumulative (a year-to-date figure), from the dataset;
    /// empty when not known (every row is compared with the period before).
    package var cumulative: [UInt8] = []
    /// Per row, how many periods make a year (4 quarterly, 3 termly, 1 annual), to find the
    /// same point a year earlier for a cumulative measure; empty when not known.
    package var periodsPerYear: [UInt8] = []
    /// Names of the periods when there are no layouts (a table built from roles: its column
    /// names), for `previous_period` and `comparison`.
    package var periodNames: [String] = []
    /// Fingertips and LG Inform tables lay every indicator's periods side by side, so a blank
    /// slot is mostly another indicator's period: there `previous` is the value before, across
    /// blanks. Tables whose periods are the row's own (the bundled datasets, a file with
    /// period roles) set this false, and a blank period is then a missing comparison.
    package var skipsBlankPeriods = true

    package init(periods: [[Double]], target: [Double], periodTarget: [Double], good: [UInt8],
                 reportedVariance: [Double], reportedMet: [UInt8], trendOverride: (codes: [UInt8], doc: String)? = nil,
                 layouts: [PeriodLayout] = [], layoutOfRow: [UInt8] = [], cumulative: [UInt8] = [],
                 periodsPerYear: [UInt8] = [], periodNames: [String] = [], skipsBlankPeriods: Bool = true) {
        self.periods = periods
        self.target = target
        self.periodTarget = periodTarget
        self.good = good
        self.reportedVariance = reportedVariance
        self.reportedMet = reportedMet
        self.trendOverride = trendOverride
        self.layouts = layouts
        self.layoutOfRow = layoutOfRow
        self.cumulative = cumulative
        self.periodsPerYear = periodsPerYear
        self.periodNames = periodNames
        self.skipsBlankPeriods = skipsBlankPeriods
    }

    /// The row's own period values, oldest first, with NaN where a period has no value.
    package func series(row: Int) -> [Double] {
        guard !layouts.isEmpty else { return periods.map { $0[row] } }
        return layouts[Int(layoutOfRow[row])].slots.map { periods[$0][row] }
    }
}

/// The periods one source reports, as slots of `MetricsInputs.periods`, with their labels.
public struct PeriodLayout: Sendable, Equatable {
    public var slots: [Int]
    public var labels: [String]
    /// Which slots hold a whole-year outturn among quarterly values (St Helens' 23/24
    /// outturn); empty when every slot is the same kind of period.
    public var annual: [Bool] = []

    package init(slots: [Int], labels: [String], annual: [Bool] = []) {
        self.slots = slots
        self.labels = labels
        self.annual = annual
    }

    package func isAnnual(_ k: Int) -> Bool { k < annual.count && annual[k] }
}

extension Table {
    /// A metrics row's period values, oldest first (NaN for a gap); empty for a plain table.
    public func series(row: Int) -> [Double] { metricsInputs?.series(row: row) ?? [] }

    /// Which of a metrics row's periods are whole-year outturns among quarterly values.
    public func periodIsAnnual(row: Int) -> [Bool] {
        guard let m = metricsInputs, !m.layouts.isEmpty else { return [] }
        let layout = m.layouts[Int(m.layoutOfRow[row])]
        return layout.slots.indices.map(layout.isAnnual)
    }

    /// The labels of a metrics row's periods ("Recent -3" … "Most Recent"; "23/24", "Q1", "Q2").
    public func periodLabels(row: Int) -> [String] {
        guard let m = metricsInputs else { return [] }
        if m.layouts.isEmpty { return (0..<m.periods.count).map { $0 < m.periodNames.count ? m.periodNames[$0] : "P\($0 + 1)" } }
        return m.layouts[Int(m.layoutOfRow[row])].labels
    }
}
