/// sum, avg, min and max of a number per group in one pass over the rows by group id.
///
/// The rows are cut into `Parallel.fixedSlices` (which depend only on the row count); each
/// slice adds its rows in order and the slices' partial sums are added in slice order, so the
/// answer is the same bit for bit on one thread or two. Missing values are skipped.
enum NumberAggregate {
    struct Partial {
        var sum: [Double]
        var count: [Int]
        var min: [Double]
        var max: [Double]

        init(groups: Int) {
            sum = [Double](repeating: 0, count: groups)
            count = [Int](repeating: 0, count: groups)
            min = [Double](repeating: .nan, count: groups)
            max = [Double](repeating: .nan, count: groups)
        }
    }

    static func compute(_ f: AggregateFunction, _ x: [Double], _ grouping: Grouping, threads: Int) -> [Double] {
        let groups = grouping.count
        let wantsExtremes = f == .min || f == .max
        let partials = Parallel.map(Parallel.fixedSlices(x.count), threads: threads) { range -> Partial in
            var p = Partial(groups: groups)
            grouping.ids.withUnsafeBufferPointer { ids in
                x.withUnsafeBufferPointer { x in
                    for i in range {
                        let v = x[i]
                        if v.isNaN { continue }
                        let g = Int(ids[i])
                        p.sum[g] += v
                        p.count[g] += 1
                        // The first of equal values wins (as `min()` keeps it), so -0 and 0 keep their order.
                        if wantsExtremes {
                            if p.count[g] == 1 || v < p.min[g] { p.min[g] = v }
                            if p.count[g] == 1 || v > p.max[g] { p.max[g] = v }
                        }
                    }
                }
            }
            return p
        }
        var total = partials[0]
        for p in partials.dropFirst() {
            for g in 0..<groups where p.count[g] > 0 {
                if total.count[g] == 0 {
                    total.sum[g] = p.sum[g]; total.min[g] = p.min[g]; total.max[g] = p.max[g]
                } else {
                    total.sum[g] += p.sum[g]
                    if p.min[g] < total.min[g] { total.min[g] = p.min[g] }
                    if p.max[g] > total.max[g] { total.max[g] = p.max[g] }
                }
                total.count[g] += p.count[g]
            }
        }
        return (0..<groups).map { g in
            guard total.count[g] > 0 else { return .nan }
            switch f {
            case .sum: return total.sum[g]
            case .avg: return total.sum[g] / Double(total.count[g])
            case .min: return total.min[g]
            default: return total.max[g]
            }
        }
    }
}
