/// Evaluates `rank`, `quartile` and `group_avg` over the whole table, then the caller picks the
/// selected rows: an area's rank does not depend on what `where` keeps, so
/// `where area = "Sefton" and quartile(latest, neighbours) = 4` asks the question it reads as.
///
/// Rows are compared within an indicator (the table's indicator key). A row is ranked among
/// the group's areas and itself (a council is rarely in its own neighbour list); rank 1 is the
/// best by the indicator's polarity, ties share the better rank (1, 2, 2, 4), and
/// quartile = ⌊(rank − 1) × 4 / n⌋ + 1 of the n areas with a value, so 1 is the best quarter.
/// `group_avg` is the mean over the group's areas with a value, as named (the row's own area
/// counts only if it is in the group). Missing values are left out; a row without a value or
/// a polarity has no rank.
struct ComparativeEvaluator {
    let table: Table
    let ev: Evaluator

    func evaluate(_ f: ComparativeFunction, _ arg: BoundExpr, _ scope: ComparisonScope) -> [Double] {
        let n = table.rowCount
        let x = ev.numbers(arg, (0..<Int32(n)).map { $0 })
        var out = [Double](repeating: .nan, count: n)
        var good = [UInt8](repeating: EnumDomain.missingCode, count: n)
        if let g = scope.goodColumn, case .enumeration(let codes, _) = table.columns[g].data { good = codes }
        for rows in partitions(scope.keyColumns) {
            let inGroup = rows.filter { scope.members?[$0] ?? true }
            let values = inGroup.map { x[$0] }.filter { !$0.isNaN }.sorted()
            if f == .groupAvg {
                let mean = values.isEmpty ? Double.nan : values.reduce(0, +) / Double(values.count)
                for r in rows { out[r] = mean }
                continue
            }
            for r in rows where !x[r].isNaN && good[r] != EnumDomain.missingCode {
                let better = good[r] == 0 ? values.count - upperBound(values, x[r]) : lowerBound(values, x[r])
                let total = values.count + ((scope.members?[r] ?? true) ? 0 : 1)
                let rank = better + 1
                out[r] = f == .rank ? Double(rank) : Double(min(4, (rank - 1) * 4 / total + 1))
            }
        }
        return out
    }

    /// Row indices grouped by the values of the key columns, in order of first appearance.
    func partitions(_ keys: [Int]) -> [[Int]] {
        guard !keys.isEmpty else { return [Array(0..<table.rowCount)] }
        var index: [[Int64]: Int] = [:]
        var out: [[Int]] = []
        for r in 0..<table.rowCount {
            let key = keys.map { c -> Int64 in
                switch table.columns[c].data {
                case .number(let v): return v[r].isNaN ? Int64.min : Int64(bitPattern: v[r].bitPattern)
                case .text(let codes, _): return Int64(codes[r])
                case .enumeration(let codes, _): return Int64(codes[r])
                }
            }
            if let p = index[key] { out[p].append(r) } else { index[key] = out.count; out.append([r]) }
        }
        return out
    }

    /// Number of sorted values less than x.
    private func lowerBound(_ v: [Double], _ x: Double) -> Int {
        var lo = 0, hi = v.count
        while lo < hi { let mid = (lo + hi) / 2; if v[mid] < x { lo = mid + 1 } else { hi = mid } }
        return lo
    }

    /// Number of sorted values less than or equal to x.
    private func upperBound(_ v: [Double], _ x: Double) -> Int {
        var lo = 0, hi = v.count
        while lo < hi { let mid = (lo + hi) / 2; if v[mid] <= x { lo = mid + 1 } else { hi = mid } }
        return lo
    }
}
