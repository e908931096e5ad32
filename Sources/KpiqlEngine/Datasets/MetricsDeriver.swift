/// Computes the derived fields of a metrics table, column at a time, from its raw inputs.
///
/// Run once at load and again whenever the tolerance changes; queries only read the columns.
enum MetricsDeriver {
    static func derive(_ table: Table, tolerance: Double) {
        guard let inputs = table.metricsInputs else { return }
        let n = table.rowCount
        var latest = [Double](repeating: .nan, count: n)
        var previous = [Double](repeating: .nan, count: n)
        for r in 0..<n {
            // latest: the most recent period with a value; previous: the one before it.
            var found = 0
            for p in inputs.periods.indices.reversed() {
                let v = inputs.periods[p][r]
                if v.isNaN { continue }
                if found == 0 { latest[r] = v } else { previous[r] = v; break }
                found += 1
            }
        }
        var change = [Double](repeating: .nan, count: n)
        var direction = [UInt8](repeating: EnumDomain.missingCode, count: n)
        var trend = [UInt8](repeating: EnumDomain.missingCode, count: n)
        var variance = [Double](repeating: .nan, count: n)
        var gap = [Double](repeating: .nan, count: n)
        var status = [UInt8](repeating: EnumDomain.missingCode, count: n)
        var reportedStatus = [UInt8](repeating: EnumDomain.missingCode, count: n)
        for r in 0..<n {
            let l = latest[r], p = previous[r]
            let high: Bool? = inputs.good[r] == 0 ? true : (inputs.good[r] == 1 ? false : nil)
            if !l.isNaN && !p.isNaN {
                if p != 0 { change[r] = (l - p) / abs(p) * 100 }
                direction[r] = l > p ? 0 : (l < p ? 1 : 2)
                if let high {
                    trend[r] = direction[r] == 2 ? 2 : ((direction[r] == 0) == high ? 0 : 1)
                }
            }
            let t = inputs.periodTarget[r].isNaN ? inputs.target[r] : inputs.periodTarget[r]
            variance[r] = StatusRule.variance(latest: l, target: t, goodHigh: high)
            gap[r] = StatusRule.gap(latest: l, target: t, goodHigh: high)
            status[r] = StatusRule.classify(latest: l, target: t, goodHigh: high, tolerance: tolerance)
            switch inputs.reportedMet[r] {
            case 1: reportedStatus[r] = StatusRule.green
            // The council's own rule is fixed at 95%; it does not move with the session's tolerance.
            case 0: reportedStatus[r] = StatusRule.classify(publishedVariance: inputs.reportedVariance[r], goodHigh: high, tolerance: 5)
            default: break
            }
        }
        table.setColumn(Column("latest", .number(latest), doc: "the most recent period with a value"))
        table.setColumn(Column("previous", .number(previous), doc: "the period value before latest"))
        table.setColumn(Column("change", .number(change), doc: "(latest − previous) / |previous| × 100"))
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
        deriveSeriesAndBenchmarks(table, inputs: inputs, latest: latest)
    }

    /// `spark`, `vs_england`, `vs_neighbours` and `benchmark_age`, where the table has the inputs.
    static func deriveSeriesAndBenchmarks(_ table: Table, inputs: MetricsInputs, latest: [Double]) {
        let n = table.rowCount
        table.setColumn(Column.text("spark", (0..<n).map { Sparkline.draw(inputs.series(row: $0)) },
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
}
