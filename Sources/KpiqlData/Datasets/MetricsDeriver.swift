import KpiqlEngine

/// Computes the derived fields of a metrics table, column at a time, from its raw inputs.
///
/// Run once at load and again whenever the tolerance changes; queries only read the columns.
/// Each row is independent, so slices of rows run on the catalog's threads; the loop reads
/// and writes through buffer pointers (the array-of-arrays version took 33 ms at 1M rows,
/// the largest part of `derive_ms` in the benchmark).
package enum MetricsDeriver {
    /// The derived columns of some rows, written in place.
    private struct Out {
        var latest, previous, change, variance, gap: UnsafeMutableBufferPointer<Double>
        var direction, trend, status, reportedStatus: UnsafeMutableBufferPointer<UInt8>
        /// Positions of latest and previous in the row's own periods, and why none (`PeriodComparison`).
        var latestAt, previousAt, reason: UnsafeMutableBufferPointer<Int8>
    }

    package static func derive(_ table: Table, tolerance: Double, threads: Int = 1) {
        guard let inputs = table.metricsInputs else { return }
        let n = table.rowCount
        var latest = [Double](repeating: .nan, count: n), previous = latest, change = latest, variance = latest, gap = latest
        var direction = [UInt8](repeating: EnumDomain.missingCode, count: n), trend = direction, status = direction, reportedStatus = direction
        var latestAt = [Int8](repeating: -1, count: n), previousAt = latestAt, reason = latestAt
        withBuffers(&latest, &previous, &change, &variance, &gap) { l, p, c, v, g in
            withBuffers(&direction, &trend, &status, &reportedStatus) { d, t, s, rs in
                latestAt.withUnsafeMutableBufferPointer { la in previousAt.withUnsafeMutableBufferPointer { pa in
                    reason.withUnsafeMutableBufferPointer { why in
                        let out = Out(latest: l, previous: p, change: c, variance: v, gap: g, direction: d, trend: t, status: s,
                                      reportedStatus: rs, latestAt: la, previousAt: pa, reason: why)
                        _ = Parallel.map(Parallel.slices(n, threads: threads), threads: threads) { range in
                            rows(range, inputs, tolerance, out)
                        }
                    } } }
            }
        }
        table.setColumn(Column("latest", .number(latest), doc: "the most recent period with a value"))
        table.setColumn(Column("previous", .number(previous),
                               doc: "the comparable earlier value: the period just before latest; for a cumulative figure the same point a year earlier (see comparison)"))
        table.setColumn(Column("change", .number(change), doc: "(latest − previous) / |previous| × 100"))
        setPeriodColumns(table, inputs: inputs, latestAt: latestAt, previousAt: previousAt, reason: reason)
        table.setColumn(Column("direction", .enumeration(codes: direction, domain: .direction), doc: "up/down/same: latest against previous"))
        if let published = inputs.trendOverride {
            table.setColumn(Column("trend", .enumeration(codes: published.codes, domain: .trend), doc: published.doc))
        } else {
            table.setColumn(Column("trend", .enumeration(codes: trend, domain: .trend), doc: "improving/worsening/same: direction read with good"))
        }
        table.setColumn(Column("variance", .number(variance),
                               doc: "% from target, positive is better: (latest − target)/target × 100 (good high), (target − latest)/target × 100 (low); uses period_target where given"))
        table.setColumn(Column("gap", .number(gap), doc: "shortfall against target in the metric's units, 0 when met"))
        table.setColumn(Column("status", .enumeration(codes: status, domain: .status),
                               doc: "green met; amber within tolerance (latest/target or target/latest ≥ \(NumberFormat.plain(100 - tolerance))%); red otherwise"))
        if inputs.reportedMet.contains(where: { $0 != 255 }) {
            table.setColumn(Column("reported_status", .enumeration(codes: reportedStatus, domain: .status),
                                   doc: "the council's own classification: met → green; not met → amber/red by the 95% rule on the published variance"))
        }
        deriveSeriesAndBenchmarks(table, inputs: inputs, latest: latest, threads: threads)
    }

    /// `latest_period`, `previous_period` and `comparison`: which periods were compared, or why none.
    /// The words depend only on the row's layout, positions and reason, so each distinct one is
    /// made and coded once (a million rows hash small integers, not strings).
    static func setPeriodColumns(_ table: Table, inputs: MetricsInputs, latestAt: [Int8], previousAt: [Int8], reason: [Int8]) {
        let n = table.rowCount
        var names: [Int: [String]] = [:]
        func labels(_ layout: Int) -> [String] {
            if let l = names[layout] { return l }
            let l = inputs.comparisonLabels(layout: layout)
            names[layout] = l
            return l
        }
        let latestDict = TextDictionary(), previousDict = TextDictionary(), whyDict = TextDictionary()
        var latestCodes = [Int32](repeating: -1, count: n), previousCodes = latestCodes, whyCodes = latestCodes
        // One slot per (layout, latest, previous, reason): positions are below the period count.
        let width = inputs.periods.count + 1, layoutCount = max(1, inputs.layouts.count)
        var seen = [(Int32, Int32, Int32)?](repeating: nil, count: layoutCount * width * width * 8)
        for r in 0..<n {
            let layout = inputs.layouts.isEmpty ? 0 : Int(inputs.layoutOfRow[r])
            let key = ((layout * width + Int(latestAt[r]) + 1) * width + Int(previousAt[r]) + 1) * 8 + Int(reason[r])
            if seen[key] == nil {
                let c = PeriodComparison(latest: Int(latestAt[r]), previous: Int(previousAt[r]),
                                         reason: PeriodComparison.Reason(rawValue: UInt8(reason[r])) ?? .noValue)
                let words = labels(layout)
                seen[key] = (c.latest >= 0 ? latestDict.code(for: words[c.latest]) : -1,
                             c.reason == .compared ? previousDict.code(for: words[c.previous]) : -1,
                             c.text(labels: words).map { whyDict.code(for: $0) } ?? -1)
            }
            (latestCodes[r], previousCodes[r], whyCodes[r]) = seen[key]!
        }
        // A loaded file names its own latest_period from its headings (MetricsAssembler); keep it.
        if !inputs.layouts.isEmpty || !inputs.periodNames.isEmpty {
            table.setColumn(Column("latest_period", .text(codes: latestCodes, dictionary: latestDict), doc: MetricsSchema.docs["latest_period"] ?? ""))
        }
        table.setColumn(Column("previous_period", .text(codes: previousCodes, dictionary: previousDict), doc: MetricsSchema.docs["previous_period"] ?? ""))
        table.setColumn(Column("comparison", .text(codes: whyCodes, dictionary: whyDict), doc: MetricsSchema.docs["comparison"] ?? ""))
    }

    /// `spark`, `vs_england`, `vs_neighbours` and `benchmark_age`, where the table has the inputs.
    static func deriveSeriesAndBenchmarks(_ table: Table, inputs: MetricsInputs, latest: [Double], threads: Int = 1) {
        let n = table.rowCount
        let slots = inputs.layouts.isEmpty ? [Array(inputs.periods.indices)] : inputs.layouts.map(\.slots)
        table.setColumn(Column("spark", Sparkline.column(n, periods: inputs.periods, layouts: slots, layoutOfRow: inputs.layoutOfRow, threads: threads),
                               doc: "sparkline of the period values, oldest first (▁ lowest … █ highest; a space is a gap)"))
        for (field, avg, label) in [("vs_england", "england_avg", "England average"), ("vs_neighbours", "neighbour_avg", "neighbour average")] {
            guard case .number(let a)? = table.column(avg)?.data else { continue }
            let codes = (0..<n).map { r -> UInt8 in
                let g = inputs.good[r]
                guard g != EnumDomain.missingCode, !latest[r].isNaN, !a[r].isNaN else { return EnumDomain.missingCode }
                if latest[r] == a[r] { return 1 }
                return (latest[r] > a[r]) == (g == 0) ? 0 : 2
            }
            table.setColumn(Column(field, .enumeration(codes: codes, domain: .versus),
                                   doc: "better/same/worse: latest against the \(label), read with good"))
        }
        if case .text(let bc, let bd)? = table.column("benchmark_period")?.data, case .text(let rc, let rd)? = table.column("reporting_period")?.data {
            let age = (0..<n).map { r -> Double in
                guard bc[r] >= 0, rc[r] >= 0, let b = firstYear(bd.values[Int(bc[r])]), let p = firstYear(rd.values[Int(rc[r])]) else { return .nan }
                return Double(p - b)
            }
            table.setColumn(Column("benchmark_age", .number(age), doc: "years from the benchmark period to the reporting period (2022/23 against Q2 2024-25 is 2)"))
        }
    }

    /// The first four-digit year in a period label: "2022/23" → 2022, "Dec 2023" → 2023, "Q2 2024-25" → 2024.
    static func firstYear(_ s: String) -> Int? {
        let digits = Array(s.utf8)
        var i = 0
        while i + 4 <= digits.count {
            if digits[i..<i + 4].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), i + 4 == digits.count || !(digits[i + 4] >= 0x30 && digits[i + 4] <= 0x39) {
                return Int(String(decoding: digits[i..<i + 4], as: UTF8.self))
            }
            i += 1
        }
        return nil
    }

    private static func rows(_ range: Range<Int>, _ inputs: MetricsInputs, _ tolerance: Double, _ out: Out) {
        let periods = inputs.periods
        let hasPeriodTarget = !inputs.periodTarget.isEmpty, hasReported = !inputs.reportedMet.isEmpty
        for r in range {
            // latest: the most recent period with a value; previous: the comparable one, or none.
            let c = inputs.comparison(row: r)
            let slots = inputs.layouts.isEmpty ? nil : inputs.layouts[Int(inputs.layoutOfRow[r])].slots
            func value(_ k: Int) -> Double { k < 0 ? .nan : periods[slots?[k] ?? k][r] }
            let l = value(c.latest), p = c.reason == .compared ? value(c.previous) : .nan
            out.latest[r] = l
            out.previous[r] = p
            out.latestAt[r] = Int8(c.latest)
            out.previousAt[r] = Int8(c.previous)
            out.reason[r] = Int8(c.reason.rawValue)
            let good = inputs.good[r]
            let high: Bool? = good == 0 ? true : (good == 1 ? false : nil)
            if !l.isNaN && !p.isNaN {
                if p != 0 { out.change[r] = (l - p) / abs(p) * 100 }
                let dir: UInt8 = l > p ? 0 : (l < p ? 1 : 2)
                out.direction[r] = dir
                if let high { out.trend[r] = dir == 2 ? 2 : ((dir == 0) == high ? 0 : 1) }
            }
            let t = hasPeriodTarget && !inputs.periodTarget[r].isNaN ? inputs.periodTarget[r] : inputs.target[r]
            out.variance[r] = StatusRule.variance(latest: l, target: t, goodHigh: high)
            out.gap[r] = StatusRule.gap(latest: l, target: t, goodHigh: high)
            out.status[r] = StatusRule.classify(latest: l, target: t, goodHigh: high, tolerance: tolerance)
            switch hasReported ? inputs.reportedMet[r] : 255 {
            case 1: out.reportedStatus[r] = StatusRule.green
            // The council's own rule is fixed at 95%; it does not move with the session's tolerance.
            case 0: out.reportedStatus[r] = StatusRule.classify(publishedVariance: inputs.reportedVariance[r], goodHigh: high, tolerance: 5)
            default: break
            }
        }
    }

    private static func withBuffers<T>(_ a: inout [T], _ b: inout [T], _ c: inout [T], _ d: inout [T], _ e: inout [T],
                                       _ body: (UnsafeMutableBufferPointer<T>, UnsafeMutableBufferPointer<T>, UnsafeMutableBufferPointer<T>,
                                                UnsafeMutableBufferPointer<T>, UnsafeMutableBufferPointer<T>) -> Void) {
        a.withUnsafeMutableBufferPointer { a in b.withUnsafeMutableBufferPointer { b in c.withUnsafeMutableBufferPointer { c in
            d.withUnsafeMutableBufferPointer { d in e.withUnsafeMutableBufferPointer { e in body(a, b, c, d, e) } } } } }
    }

    private static func withBuffers<T>(_ a: inout [T], _ b: inout [T], _ c: inout [T], _ d: inout [T],
                                       _ body: (UnsafeMutableBufferPointer<T>, UnsafeMutableBufferPointer<T>, UnsafeMutableBufferPointer<T>,
                                                UnsafeMutableBufferPointer<T>) -> Void) {
        a.withUnsafeMutableBufferPointer { a in b.withUnsafeMutableBufferPointer { b in c.withUnsafeMutableBufferPointer { c in
            d.withUnsafeMutableBufferPointer { d in body(a, b, c, d) } } } }
    }
}
