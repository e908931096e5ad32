/// Pairs the rows of the two sides of a join whose key codes are equal (see `JoinKeys`).
///
/// The smaller side is indexed by key (for a left join, the right side, whose misses must be
/// found from the left): its rows are counted per key and laid out key by key in one array,
/// a direct table when the codes are small, numbered through a hash table otherwise. The
/// other side is then read once. The answer is two row selections of equal length, in the
/// left side's row order (a left row's partners in the right side's order); nothing else is
/// read or copied here.
enum HashJoin {
    struct Pairs {
        var left: [Int32]
        /// -1 where a left join found no partner.
        var right: [Int32]
        /// Distinct keys that more than one right row holds and some left row matches: the
        /// keys that repeat left rows.
        var repeatedRightKeys: Int
    }

    /// A dense table indexed by code is used up to this many entries (or twice the rows).
    static let denseLimit = 1 << 22

    static func pairs(_ keys: JoinKeys, kind: JoinClause.Kind) -> Pairs {
        let buildRight = kind == .left || keys.right.count <= keys.left.count
        let build = buildRight ? keys.right : keys.left, probe = buildRight ? keys.left : keys.right
        // Key ids: the code itself when small, else numbered over the built side.
        let dense = keys.bound.map { $0 <= max(denseLimit, 2 * (build.count + probe.count)) } ?? false
        var buildIds = [Int32](repeating: -1, count: build.count), probeIds = [Int32](repeating: -1, count: probe.count)
        var count = 0
        if dense {
            count = keys.bound!
            for i in 0..<build.count where build[i] != JoinKeys.none { buildIds[i] = Int32(build[i]) }
            for i in 0..<probe.count where probe[i] != JoinKeys.none { probeIds[i] = Int32(probe[i]) }
        } else {
            var ids: [UInt64: Int32] = [:]
            ids.reserveCapacity(build.count)
            for i in 0..<build.count where build[i] != JoinKeys.none {
                if let k = ids[build[i]] { buildIds[i] = k } else { ids[build[i]] = Int32(ids.count); buildIds[i] = Int32(ids.count - 1) }
            }
            for i in 0..<probe.count where probe[i] != JoinKeys.none { probeIds[i] = ids[probe[i]] ?? -1 }
            count = ids.count
        }
        // The built side's rows, key by key: start[k]..<start[k + 1] in `rows`.
        var start = [Int32](repeating: 0, count: count + 1)
        for id in buildIds where id >= 0 { start[Int(id) + 1] += 1 }
        for k in 0..<count { start[k + 1] += start[k] }
        var rows = [Int32](repeating: 0, count: Int(start[count]))
        var fill = start
        for (r, id) in buildIds.enumerated() where id >= 0 { rows[Int(fill[Int(id)])] = Int32(r); fill[Int(id)] += 1 }

        // Two passes over the probe side: count the pairs, then write them in place.
        var total = 0
        for p in 0..<probe.count {
            let id = Int(probeIds[p])
            let n = id >= 0 ? Int(start[id + 1] - start[id]) : 0
            total += n > 0 ? n : (kind == .left ? 1 : 0)
        }
        var a = [Int32](repeating: 0, count: total), b = [Int32](repeating: 0, count: total)
        var probed = [Int32](repeating: 0, count: count)
        a.withUnsafeMutableBufferPointer { a in
            b.withUnsafeMutableBufferPointer { b in
                start.withUnsafeBufferPointer { start in
                    rows.withUnsafeBufferPointer { rows in
                        var at = 0
                        for p in 0..<probe.count {
                            let id = Int(probeIds[p])
                            if id >= 0, start[id] < start[id + 1] {
                                probed[id] += 1
                                for k in Int(start[id])..<Int(start[id + 1]) { a[at] = Int32(p); b[at] = rows[k]; at += 1 }
                            } else if kind == .left {
                                a[at] = Int32(p); b[at] = -1; at += 1
                            }
                        }
                    }
                }
            }
        }
        if buildRight {
            var repeated = 0
            for k in 0..<count where start[k + 1] - start[k] > 1 && probed[k] > 0 { repeated += 1 }
            return Pairs(left: a, right: b, repeatedRightKeys: repeated)
        }
        // Built on the left: `probed` counts each key's right rows; pairs go in left row order.
        let repeated = (0..<count).filter { probed[$0] > 1 }.count
        let (left, right) = inLeftOrder(left: b, right: a, leftCount: build.count)
        return Pairs(left: left, right: right, repeatedRightKeys: repeated)
    }

    private static func inLeftOrder(left: [Int32], right: [Int32], leftCount: Int) -> ([Int32], [Int32]) {
        var at = [Int32](repeating: 0, count: leftCount + 1)
        for l in left { at[Int(l) + 1] += 1 }
        for i in 0..<leftCount { at[i + 1] += at[i] }
        var l2 = [Int32](repeating: 0, count: left.count), r2 = [Int32](repeating: 0, count: left.count)
        for i in 0..<left.count {
            let k = Int(at[Int(left[i])])
            l2[k] = left[i]; r2[k] = right[i]
            at[Int(left[i])] += 1
        }
        return (l2, r2)
    }
}
