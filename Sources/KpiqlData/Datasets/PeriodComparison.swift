import KpiqlEngine

/// Which earlier period a row's latest value is compared with, so `previous`, `change`,
/// `direction` and `trend` compare like with like, or why there is none (`comparison`).
///
/// - A period is compared with the one just before it (a quarter with the quarter before,
///   a year with the year before). A blank period before it is not skipped: the comparison
///   is missing, rather than silently spanning two periods.
/// - A whole-year outturn and a quarter are different kinds of period and are not compared.
/// - A cumulative (year-to-date) figure is compared with the same point a year earlier,
///   `periodsPerYear` periods back; where the data lacks it, the comparison is missing
///   (Q2 year to date against Q1 year to date always "rises").
package struct PeriodComparison: Equatable {
    package enum Reason: UInt8 {
        case compared = 0, noValue, onlyPeriod, gap, differentKind, yearAgoNotInData, yearAgoBlank
    }

    /// Positions in the row's own period order (oldest first); -1 where there is none.
    package var latest: Int
    package var previous: Int
    package var reason: Reason

    package init(latest: Int, previous: Int, reason: Reason) {
        self.latest = latest
        self.previous = previous
        self.reason = reason
    }

    /// `value(k)` is the row's k-th period value (NaN when blank), `annual(k)` whether that
    /// period is a whole-year outturn among shorter ones.
    static func choose(count: Int, value: (Int) -> Double, annual: (Int) -> Bool,
                       cumulative: Bool, periodsPerYear: Int) -> PeriodComparison {
        var l = count - 1
        while l >= 0 && value(l).isNaN { l -= 1 }
        guard l >= 0 else { return PeriodComparison(latest: -1, previous: -1, reason: .noValue) }
        // A year-to-date figure is only comparable with the same point of the year before;
        // a whole-year figure (periodsPerYear 1) is its own year-to-date.
        let back = cumulative ? max(1, periodsPerYear) : 1
        let p = l - back
        if p < 0 {
            let anyEarlier = (0..<l).contains { !value($0).isNaN }
            if cumulative && back > 1 { return PeriodComparison(latest: l, previous: -1, reason: .yearAgoNotInData) }
            return PeriodComparison(latest: l, previous: -1, reason: anyEarlier ? .differentKind : .onlyPeriod)
        }
        if annual(p) != annual(l) {
            return PeriodComparison(latest: l, previous: p, reason: cumulative && back > 1 ? .yearAgoNotInData : .differentKind)
        }
        if value(p).isNaN {
            if !(0..<l).contains(where: { !value($0).isNaN }) { return PeriodComparison(latest: l, previous: -1, reason: .onlyPeriod) }
            return PeriodComparison(latest: l, previous: p, reason: cumulative && back > 1 ? .yearAgoBlank : .gap)
        }
        return PeriodComparison(latest: l, previous: p, reason: .compared)
    }

    /// Why there is no comparison, in words for the `comparison` field; nil when compared.
    package func text(labels: [String]) -> String? {
        func label(_ i: Int) -> String { i >= 0 && i < labels.count ? labels[i] : "period \(i + 1)" }
        switch reason {
        case .compared: return nil
        case .noValue: return "no value published"
        case .onlyPeriod: return "no earlier period published"
        case .gap: return "\(label(previous)), the period before \(label(latest)), has no value"
        case .differentKind:
            return previous >= 0 ? "\(label(latest)) and \(label(previous)) are different kinds of period (a quarter and a whole year)"
                : "no earlier period of the same kind as \(label(latest))"
        case .yearAgoNotInData: return "year-to-date figure: the same point a year earlier is not in the data"
        case .yearAgoBlank: return "year-to-date figure: \(label(previous)), a year earlier, has no value"
        }
    }

    /// A `cumulative` column: `yes` (also `y`, `true`, `1`, `cumulative`, `year to date`) for a
    /// year-to-date measure; anything else is not.
    static func cumulativeFlags(_ cells: [String]) -> [UInt8] {
        cells.map { ["yes", "y", "true", "1", "cumulative", "year to date", "ytd"].contains($0.lowercased()) ? 1 : 0 }
    }

    /// Periods in a year for a measure's frequency (Sefton's Period Type): the same point a
    /// year earlier is this many periods back (a cumulative measure is compared with it).
    static func periodsPerYear(_ frequency: String) -> UInt8 {
        switch frequency.lowercased() {
        case "quarter", "quarterly", "rolling 12 months": return 4
        case "school term", "termly": return 3
        case "month", "monthly": return 12
        default: return 1   // Year, Academic Year, Calendar Year, Financial Year, Three year (updated annually)
        }
    }
}

extension MetricsInputs {
    /// The comparable period for row `r` (see `PeriodComparison`), in the row's own order.
    func comparison(row r: Int) -> PeriodComparison {
        let layout = layouts.isEmpty ? nil : layouts[Int(layoutOfRow[r])]
        let count = layout?.slots.count ?? periods.count
        if skipsBlankPeriods {
            // The last two periods with a value, across blanks.
            var l = count - 1
            while l >= 0 && periods[layout?.slots[l] ?? l][r].isNaN { l -= 1 }
            guard l >= 0 else { return PeriodComparison(latest: -1, previous: -1, reason: .noValue) }
            var p = l - 1
            while p >= 0 && periods[layout?.slots[p] ?? p][r].isNaN { p -= 1 }
            return PeriodComparison(latest: l, previous: p, reason: p < 0 ? .onlyPeriod : .compared)
        }
        return PeriodComparison.choose(count: count, value: { periods[layout?.slots[$0] ?? $0][r] },
                                       annual: { layout?.isAnnual($0) ?? false },
                                       cumulative: cumulative.isEmpty ? false : cumulative[r] == 1,
                                       periodsPerYear: periodsPerYear.isEmpty ? 1 : Int(periodsPerYear[r]))
    }

    /// The names of a layout's periods (the table's periods when there are no layouts) as
    /// `previous_period`, `latest_period` and `comparison` say them.
    package func comparisonLabels(layout: Int) -> [String] {
        !layouts.isEmpty ? layouts[layout].labels
            : periods.indices.map { $0 < periodNames.count ? periodNames[$0] : "period \($0 + 1)" }
    }
}
