/// One condition of a `where` (one side of an `and`) as a loop that narrows a selection
/// vector: the condition is tested and the row kept in the same pass, without a truth array.
///
/// Text and enum conditions become a truth table indexed by the row's code (a comparison or
/// `contains` is worked out once per distinct value); numbers are compared in place. Loops
/// keep every row and advance the write position by the test's result, so the unpredictable
/// rows (a random 45% of `variance` is missing) cost no mispredicted branches.
struct FilterKernel {
    enum Kind {
        /// Text column codes (missing -1); `truth[code + 1]` is 1 where the condition holds.
        case textCodes([Int32], truth: [UInt8])
        /// Enum column codes; `truth[code]` (the missing code 255 maps to 0).
        case enumCodes([UInt8], truth: [UInt8])
        case numberConstant([Double], BinaryOp, Double)
        case numberColumns([Double], BinaryOp, [Double])
        /// Anything else: the evaluator's three-valued truth, then the true rows.
        case general(BoundExpr)
    }

    let kind: Kind

    /// Rough work per row, for ordering conditions: a table lookup or a compare is 1.
    var cost: Double {
        switch kind {
        case .textCodes, .enumCodes, .numberConstant: return 1
        case .numberColumns: return 1.5
        case .general: return 6
        }
    }

    /// The rows of `rows` (all rows `0..<count` when nil) for which the condition is true.
    func apply(_ ev: Evaluator, _ rows: [Int32]?, count: Int, range: Range<Int>) -> [Int32] {
        switch kind {
        case .textCodes(let codes, let truth):
            return codes.withUnsafeBufferPointer { c in
                truth.withUnsafeBufferPointer { t in compact(rows, range) { r in t[Int(c[r]) + 1] != 0 } }
            }
        case .enumCodes(let codes, let truth):
            return codes.withUnsafeBufferPointer { c in
                truth.withUnsafeBufferPointer { t in compact(rows, range) { r in t[Int(c[r])] != 0 } }
            }
        case .numberConstant(let v, let op, let x):
            return v.withUnsafeBufferPointer { v in
                // IEEE comparisons with NaN (missing) are false, except != which must test it.
                switch op {
                case .lt: return compact(rows, range) { v[$0] < x }
                case .le: return compact(rows, range) { v[$0] <= x }
                case .gt: return compact(rows, range) { v[$0] > x }
                case .ge: return compact(rows, range) { v[$0] >= x }
                case .eq: return compact(rows, range) { v[$0] == x }
                default: return compact(rows, range) { v[$0] == v[$0] && v[$0] != x }
                }
            }
        case .numberColumns(let a, let op, let b):
            return a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    switch op {
                    case .lt: return compact(rows, range) { a[$0] < b[$0] }
                    case .le: return compact(rows, range) { a[$0] <= b[$0] }
                    case .gt: return compact(rows, range) { a[$0] > b[$0] }
                    case .ge: return compact(rows, range) { a[$0] >= b[$0] }
                    case .eq: return compact(rows, range) { a[$0] == b[$0] }
                    default: return compact(rows, range) { a[$0] == a[$0] && b[$0] == b[$0] && a[$0] != b[$0] }
                    }
                }
            }
        case .general(let e):
            let sel = rows.map { Array($0[range]) } ?? (Int32(range.lowerBound)..<Int32(range.upperBound)).map { $0 }
            let t = ev.truth(e, sel)
            var out: [Int32] = []
            out.reserveCapacity(sel.count)
            for i in 0..<sel.count where t[i] == 1 { out.append(sel[i]) }
            return out
        }
    }

    /// Keeps the rows (positions `range` of `rows`, or the rows `range` themselves) that pass.
    @inline(__always)
    private func compact(_ rows: [Int32]?, _ range: Range<Int>, _ pass: (Int) -> Bool) -> [Int32] {
        [Int32](unsafeUninitializedCapacity: range.count) { out, count in
            var k = 0
            if let rows {
                rows.withUnsafeBufferPointer { rows in
                    for i in range {
                        let r = Int(rows[i])
                        out[k] = Int32(truncatingIfNeeded: r)
                        k += pass(r) ? 1 : 0
                    }
                }
            } else {
                for r in range {
                    out[k] = Int32(truncatingIfNeeded: r)
                    k += pass(r) ? 1 : 0
                }
            }
            count = k
        }
    }
}
