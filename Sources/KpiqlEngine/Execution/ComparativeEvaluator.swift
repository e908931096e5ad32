/// Evaluates `rank`, `quartile`, `group_avg` and `group_n` over the whole table, then the
/// caller picks the selected rows: an area's rank does not depend on what `where` keeps, so
/// `where area = "Sefton" and quartile(latest, neighbours) = 4` asks the question it reads as.
///
/// Rows are compared within an indicator (the table's indicator key, plus the field of
/// `by FIELD`). A row is ranked among its comparators and itself (a council is rarely in its
/// own neighbour list): with a list group, the list's areas; with a mapping, its own area's
/// list; otherwise every row of the indicator. Rank 1 is the best by the indicator's polarity,
/// ties share the better rank (1, 2, 2, 4), and quartile = ⌊(rank − 1) × 4 / n⌋ + 1 of the n
/// areas with a value (`group_n`), so 1 is the best quarter. `group_avg` is the mean over the
/// comparators with a value, as named (the row's own area counts only if it is listed).
/// Missing values are left out; a row without a value or a polarity has no rank, and a row
/// whose area the mapping gives no list has no result at all.
///
/// Each call is one pass over the table per indicator: partitions are found once, and a
/// mapping's lists are looked up in an array indexed by area, not searched per area.
package struct ComparativeEvaluator {
    let table: Table
    let ev: Evaluator

    package init(table: Table, ev: Evaluator) {
        self.table = table
        self.ev = ev
    }

    package func evaluate(_ f: ComparativeFunction, _ arg: BoundExpr, _ scope: ComparisonScope) -> [Double] {
        let n = table.rowCount
        let x = ev.numbers(arg, (0..<Int32(n)).map { $0 })
        var out = [Double](repeating: .nan, count: n)
        var good = [UInt8](repeating: EnumDomain.missingCode, count: n)
        if let g = scope.goodColumn, case .enumeration(let codes, _) = table.columns[g].data { good = codes }
        let parts = partitions(scope.keyColumns, required: scope.partitionField)
        if let peers = scope.peers {
            evaluatePeers(f, x, good, peers, parts, &out)
            return out
        }
        for rows in parts {
            let inGroup = rows.filter { scope.members?[$0] ?? true }
            let values = inGroup.map { x[$0] }.filter { !$0.isNaN }.sorted()
            switch f {
            case .groupAvg:
                let mean = values.isEmpty ? Double.nan : values.reduce(0, +) / Double(values.count)
                for r in rows { out[r] = mean }
            case .groupN:
                for r in rows { out[r] = Double(values.count + ((scope.members?[r] ?? true) || x[r].isNaN ? 0 : 1)) }
            case .rank, .quartile:
                for r in rows where !x[r].isNaN && good[r] != EnumDomain.missingCode {
                    let better = good[r] == 0 ? values.count - upperBound(values, x[r]) : lowerBound(values, x[r])
                    let total = values.count + ((scope.members?[r] ?? true) ? 0 : 1)
                    out[r] = ComparativeEvaluator.result(f, rank: better + 1, of: total)
                }
            }
        }
        return out
    }

    /// Each row against its own area's list: the values of one indicator are put in a slot per
    /// area, each row reads its comparators' slots, then the slots are cleared for the next.
    private func evaluatePeers(_ f: ComparativeFunction, _ x: [Double], _ good: [UInt8], _ peers: ComparisonPeers,
                               _ parts: [[Int]], _ out: inout [Double]) {
        var slot = [Double](repeating: .nan, count: peers.areaCount)
        for rows in parts {
            for r in rows { let a = Int(peers.rowArea[r]); if a >= 0 && slot[a].isNaN { slot[a] = x[r] } }
            for r in rows {
                let a = peers.rowArea[r]
                guard a >= 0, let list = peers.comparators[Int(a)] else { continue }
                let v = x[r], high = good[r] == 0
                var n = 0, better = 0, sum = 0.0, listsItself = false
                for c in list {
                    if c == a { listsItself = true; continue }
                    let w = slot[Int(c)]
                    if w.isNaN { continue }
                    n += 1
                    sum += w
                    if high ? w > v : w < v { better += 1 }
                }
                switch f {
                case .groupAvg:
                    let own = listsItself && !v.isNaN
                    let count = n + (own ? 1 : 0)
                    out[r] = count == 0 ? .nan : (sum + (own ? v : 0)) / Double(count)
                case .groupN:
                    out[r] = Double(n + (v.isNaN ? 0 : 1))
                case .rank, .quartile:
                    guard !v.isNaN, good[r] != EnumDomain.missingCode else { continue }
                    out[r] = ComparativeEvaluator.result(f, rank: better + 1, of: n + 1)
                }
            }
            for r in rows { let a = Int(peers.rowArea[r]); if a >= 0 { slot[a] = .nan } }
        }
    }

    static func result(_ f: ComparativeFunction, rank: Int, of total: Int) -> Double {
        f == .rank ? Double(rank) : Double(min(4, (rank - 1) * 4 / total + 1))
    }

    private struct Key: Hashable { let part: Int32; let value: Int64 }

    /// Row indices grouped by the values of the key columns, in order of first appearance;
    /// rows whose `required` column is missing are in none. Each key column refines the
    /// partition of the one before, so a row costs one hash per key column.
    package func partitions(_ keys: [Int], required: Int? = nil) -> [[Int]] {
        let n = table.rowCount
        var part = [Int32](repeating: 0, count: n)
        var parts = 1
        for (i, c) in keys.enumerated() {
            // The first key on text or enum codes (the indicator's id or name) needs no hashing.
            if i == 0, let first = firstPartition(c) { part = first.part; parts = first.count; continue }
            var ids: [Key: Int32] = [:]
            for r in 0..<n {
                let k = Key(part: part[r], value: value(c, r))
                if let p = ids[k] { part[r] = p } else { let p = Int32(ids.count); ids[k] = p; part[r] = p }
            }
            parts = ids.count
        }
        var out = [[Int]](repeating: [], count: n == 0 ? 0 : parts)
        for r in 0..<n where required.map({ !isMissing($0, r) }) ?? true { out[Int(part[r])].append(r) }
        return out.filter { !$0.isEmpty }
    }

    /// Rows numbered by their code in column `c` (first appearance first), through an array.
    private func firstPartition(_ c: Int) -> (part: [Int32], count: Int)? {
        let codes: [Int32]
        switch table.columns[c].data {
        case .text(let t, _): codes = t
        case .enumeration(let e, _): codes = e.map { $0 == EnumDomain.missingCode ? -1 : Int32($0) }
        case .number: return nil
        }
        var ids = [Int32](repeating: -1, count: Int(codes.max() ?? 0) + 2)
        var part = [Int32](repeating: 0, count: codes.count)
        var count: Int32 = 0
        for r in 0..<codes.count {
            let slot = Int(codes[r]) + 1   // a missing code (-1) is a value of its own
            if ids[slot] < 0 { ids[slot] = count; count += 1 }
            part[r] = ids[slot]
        }
        return (part, Int(count))
    }

    private func value(_ c: Int, _ r: Int) -> Int64 {
        switch table.columns[c].data {
        // -0 and 0 are one value, as in `Grouping` and `JoinKeys`.
        case .number(let v): return v[r].isNaN ? Int64.min : Int64(bitPattern: (v[r] + 0.0).bitPattern)
        case .text(let codes, _): return Int64(codes[r])
        case .enumeration(let codes, _): return Int64(codes[r])
        }
    }

    private func isMissing(_ c: Int, _ r: Int) -> Bool {
        switch table.columns[c].data {
        case .number(let v): return v[r].isNaN
        case .text(let codes, _): return codes[r] < 0
        case .enumeration(let codes, _): return codes[r] == EnumDomain.missingCode
        }
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
