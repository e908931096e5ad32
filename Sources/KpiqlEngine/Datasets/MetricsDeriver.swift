/// Computes the derived fields of a metrics table, column at a time, from its raw inputs.
///
/// Run once at load and again whenever the tolerance changes; queries only read the columns.
/// Each row is independent, so slices of rows run on the catalog's threads; the loop reads
/// and writes through buffer pointers (the array-of-arrays version took 33 ms at 1M rows,
/// the largest part of `derive_ms` in the benchmark).
enum MetricsDeriver {
    /// The derived columns of some rows, written in place.
    private struct Out {
        var latest, previous, change, variance, gap: UnsafeMutableBufferPointer<Double>
        var direction, trend, status, reportedStatus: UnsafeMutableBufferPointer<UInt8>
    }

    static func derive(_ table: Table, tolerance: Double, threads: Int = 1) {
        guard let inputs = table.metricsInputs else { return }
        let n = table.rowCount
        var latest = [Double](repeating: .nan, count: n), previous = latest, change = latest, variance = latest, gap = latest
        var direction = [UInt8](repeating: EnumDomain.missingCode, count: n), trend = direction, status = direction, reportedStatus = direction
        withBuffers(&latest, &previous, &change, &variance, &gap) { l, p, c, v, g in
            withBuffers(&direction, &trend, &status, &reportedStatus) { d, t, s, rs in
                let out = Out(latest: l, previous: p, change: c, variance: v, gap: g, direction: d, trend: t, status: s, reportedStatus: rs)
                _ = Parallel.map(Parallel.slices(n, threads: threads), threads: threads) { range in
                    rows(range, inputs, tolerance, out)
                }
            }
        }
        table.setColumn(Column("latest", .number(latest), doc: "the most recent period with a value"))
        table.setColumn(Column("previous", .number(previous), doc: "the period value before latest"))
        table.setColumn(Column("change", .number(change), doc: "(latest − previous) / |previous| × 100"))
        table.setColumn(Column("direction", .enumeration(codes: direction, domain: .direction), doc: "up/down/same: latest against previous"))
        table.setColumn(Column("trend", .enumeration(codes: trend, domain: .trend), doc: "improving/worsening/same: direction read with good"))
        table.setColumn(Column("variance", .number(variance),
                               doc: "% from target, positive is better: (latest − target)/target × 100 (good high), (target − latest)/target × 100 (low); uses period_target where given"))
        table.setColumn(Column("gap", .number(gap), doc: "shortfall against target in the metric's units, 0 when met"))
        table.setColumn(Column("status", .enumeration(codes: status, domain: .status),
                               doc: "green met; amber within tolerance (latest/target or target/latest ≥ \(NumberFormat.plain(100 - tolerance))%); red otherwise"))
        table.setColumn(Column("reported_status", .enumeration(codes: reportedStatus, domain: .status),
                               doc: "the council's own classification: met → green; not met → amber/red by the 95% rule on the published variance"))
    }

    private static func rows(_ range: Range<Int>, _ inputs: MetricsInputs, _ tolerance: Double, _ out: Out) {
        let periods = inputs.periods
        let hasPeriodTarget = !inputs.periodTarget.isEmpty, hasReported = !inputs.reportedMet.isEmpty
        for r in range {
            // latest: the most recent period with a value; previous: the one before it.
            var l = Double.nan, p = Double.nan
            var i = periods.count - 1
            while i >= 0 {
                let v = periods[i][r]
                i -= 1
                if v.isNaN { continue }
                if l.isNaN { l = v } else { p = v; break }
            }
            out.latest[r] = l
            out.previous[r] = p
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
