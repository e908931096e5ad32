/// The key of a join as one integer per row on each side, in one code space: two rows get the
/// same code exactly when every key value is equal as kpiql compares values (text ignoring
/// case), and `none` where a key is missing, which pairs with nothing (as SQL's NULL).
///
/// Text keys become the number of their case-folded value in the left column's dictionary, so
/// the work is per distinct value, not per row; enums are their byte; numbers their bits.
struct JoinKeys {
    var left: [UInt64]
    var right: [UInt64]
    /// Codes are below this when it is known (text and enum keys): a dense array can index them.
    var bound: Int?

    static let none = UInt64.max

    /// One key column on each side; `leftRows` picks the left rows (-1: no row, a left join's miss).
    static func column(_ l: ColumnData, leftRows: [Int32]?, _ r: ColumnData) -> JoinKeys {
        let n = leftRows?.count ?? l.count
        func through<T>(_ x: [T], _ f: (T) -> UInt64) -> [UInt64] {
            var out = [UInt64](repeating: none, count: n)
            out.withUnsafeMutableBufferPointer { out in
                x.withUnsafeBufferPointer { x in
                    if let rows = leftRows {
                        for i in 0..<n where rows[i] >= 0 { out[i] = f(x[Int(rows[i])]) }
                    } else {
                        for i in 0..<n { out[i] = f(x[i]) }
                    }
                }
            }
            return out
        }
        switch (l, r) {
        case (.text(let lc, let ld), .text(let rc, let rd)):
            var ids: [String: UInt64] = [:]
            let lmap = ld.folded.map { f -> UInt64 in
                if let k = ids[f] { return k }
                ids[f] = UInt64(ids.count)
                return UInt64(ids.count - 1)
            }
            let rmap = rd.folded.map { ids[$0] ?? none }
            return lmap.withUnsafeBufferPointer { lmap in
                JoinKeys(left: through(lc) { $0 < 0 ? none : lmap[Int($0)] }, right: rc.map { $0 < 0 ? none : rmap[Int($0)] }, bound: ids.count)
            }
        case (.enumeration(let lc, _), .enumeration(let rc, _)):
            let code: (UInt8) -> UInt64 = { $0 == EnumDomain.missingCode ? none : UInt64($0) }
            return JoinKeys(left: through(lc, code), right: rc.map(code), bound: 256)
        case (.number(let lv), .number(let rv)):
            // -0 and 0 are one value; NaN is missing.
            let code: (Double) -> UInt64 = { $0.isNaN ? none : ($0 + 0.0).bitPattern }
            return JoinKeys(left: through(lv, code), right: rv.map(code), bound: nil)
        default:
            // The binder refuses keys of different types; nothing pairs if one slips through.
            return JoinKeys(left: [UInt64](repeating: none, count: n), right: [UInt64](repeating: none, count: r.count), bound: 0)
        }
    }

    /// Several keys folded into one: code × bound + next code, renumbering first where the
    /// codes are not small, so the result still fits a dense array when it can.
    static func combined(_ keys: [JoinKeys], limit: Int) -> JoinKeys {
        var acc = keys[0]
        for k in keys.dropFirst() {
            var next = k
            if next.bound == nil { next = next.renumbered() }
            if acc.bound == nil || acc.bound! > limit / max(next.bound!, 1) { acc = acc.renumbered() }
            let b = UInt64(next.bound!)
            func fold(_ a: [UInt64], _ c: [UInt64]) -> [UInt64] {
                var out = a
                for i in 0..<out.count { out[i] = out[i] == none || c[i] == none ? none : out[i] &* b &+ c[i] }
                return out
            }
            acc = JoinKeys(left: fold(acc.left, next.left), right: fold(acc.right, next.right), bound: acc.bound! * next.bound!)
        }
        return acc
    }

    /// The same pairing with codes numbered 0, 1, 2… over both sides.
    func renumbered() -> JoinKeys {
        var ids: [UInt64: UInt64] = [:]
        func number(_ x: [UInt64]) -> [UInt64] {
            x.map { c in
                if c == JoinKeys.none { return c }
                if let k = ids[c] { return k }
                ids[c] = UInt64(ids.count)
                return UInt64(ids.count - 1)
            }
        }
        let l = number(left), r = number(right)
        return JoinKeys(left: l, right: r, bound: ids.count)
    }
}
