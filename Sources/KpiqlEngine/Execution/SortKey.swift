/// Sort keys as one `UInt64` per position whose unsigned order is the order `order by` wants:
/// ascending or descending, missing values (`Sorter.missing`) last either way.
extension Sorter {
    /// The key of a computed value.
    static func encode(_ v: Vec, descending: Bool) -> [UInt64] {
        switch v {
        case .number(let x): return x.map { number($0, descending) }
        case .enumeration(let x, _): return x.map { $0 == EnumDomain.missingCode ? missing : direct(UInt64($0), descending) }
        case .bool(let x): return x.map { $0 == 2 ? missing : direct(UInt64($0), descending) }
        case .text(let x):
            // Case-insensitive: rank the distinct lower-cased strings, equal ones share a rank.
            let folded = x.map { $0?.lowercased() }
            let distinct = Array(Set(folded.compactMap { $0 })).sorted()
            let rank = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, UInt64($0)) })
            return folded.map { s in s.map { direct(rank[$0]!, descending) } ?? missing }
        }
    }

    /// An order-preserving code for a number: flip the sign bit of positives, all bits of
    /// negatives; -0 counts as 0; NaN is missing.
    ///
    /// Branch-free: `variance` is missing on ~45% of rows at random, and a branch on NaN
    /// mispredicted so often that encoding 1M rows took 4 ms instead of under 1 (Q2).
    @inline(__always)
    static func number(_ x: Double, _ descending: Bool) -> UInt64 {
        let bits = (x + 0.0).bitPattern
        let up = bits >> 63 == 1 ? ~bits : bits | (1 << 63)
        let key = descending ? (missing - 1) - up : up
        // All ones for a NaN (magnitude bits above infinity's), by arithmetic: written as a
        // select, the compiler turned "NaN is never below the heap's worst" into a branch on
        // NaN again inside TopNumbers (Q2: 4.8 ms instead of 1.2 at 1M rows).
        let nan = UInt64(bitPattern: Int64(bitPattern: 0x7FF0_0000_0000_0000 &- (bits & 0x7FFF_FFFF_FFFF_FFFF)) >> 63)
        return key | nan
    }

    /// A small code (below `missing - 1`) in the wanted direction.
    @inline(__always)
    static func direct(_ u: UInt64, _ descending: Bool) -> UInt64 { descending ? (missing - 1) - u : u }
}

extension Evaluator {
    /// The sort key of `e` over `rows`; a plain column is read in place (no values gathered
    /// first), a text column through its dictionary's case-insensitive ranks.
    func sortKey(_ e: BoundExpr, _ rows: [Int32], descending: Bool, threads: Int) -> [UInt64] {
        guard case .column(let c) = e.kind else { return Sorter.encode(eval(e, rows), descending: descending) }
        var out = [UInt64](repeating: 0, count: rows.count)
        let slices = Parallel.slices(rows.count, threads: threads)
        switch table.columns[c].data {
        case .number(let v):
            out.withUnsafeMutableBufferPointer { o in
                let o = o
                _ = Parallel.map(slices, threads: threads) { r in
                    for i in r { o[i] = Sorter.number(v[Int(rows[i])], descending) }
                }
            }
        case .enumeration(let codes, _):
            for i in 0..<rows.count {
                let k = codes[Int(rows[i])]
                out[i] = k == EnumDomain.missingCode ? Sorter.missing : Sorter.direct(UInt64(k), descending)
            }
        case .text(let codes, let dict):
            let rank = dict.foldedRank()
            for i in 0..<rows.count {
                let k = codes[Int(rows[i])]
                out[i] = k < 0 ? Sorter.missing : Sorter.direct(UInt64(rank[Int(k)]), descending)
            }
        }
        return out
    }
}

extension TextDictionary {
    /// For each code, the rank of its lower-cased value among the distinct lower-cased values
    /// (equal ignoring case, equal rank: such ties keep row order).
    func foldedRank() -> [Int32] {
        let order = (0..<count).sorted { folded[$0] < folded[$1] }
        var rank = [Int32](repeating: 0, count: count)
        var r: Int32 = -1
        for (i, code) in order.enumerated() {
            if i == 0 || folded[order[i - 1]] != folded[code] { r += 1 }
            rank[code] = r
        }
        return rank
    }
}
