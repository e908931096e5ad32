/// Comparisons, with fast paths for a column against a constant: dictionary-encoded text is
/// compared once per distinct value and enum columns by their one-byte codes.
extension Evaluator {
    func compare(_ op: BinaryOp, _ a: BoundExpr, _ b: BoundExpr, _ rows: [Int32]) -> [UInt8] {
        if case .column(let c) = a.kind, b.isConstant { return compareColumn(op, c, b, rows) }
        if case .column(let c) = b.kind, a.isConstant { return compareColumn(op.flipped, c, a, rows) }
        return Evaluator.compare(op, eval(a, rows), eval(b, rows))
    }

    private func compareColumn(_ op: BinaryOp, _ c: Int, _ k: BoundExpr, _ rows: [Int32]) -> [UInt8] {
        var out = [UInt8](repeating: 2, count: rows.count)
        switch (table.columns[c].data, k.kind) {
        case (.number(let v), .number(let x)):
            for i in 0..<rows.count {
                let y = v[Int(rows[i])]
                if !y.isNaN { out[i] = Evaluator.holds(op, Evaluator.order(y, x)) ? 1 : 0 }
            }
        case (.text(let codes, let dict), .text(let s)):
            let needle = s.lowercased()
            let perValue: [UInt8] = dict.folded.map { f in Evaluator.holds(op, Evaluator.order(f, needle)) ? 1 : 0 }
            for i in 0..<rows.count {
                let code = codes[Int(rows[i])]
                if code >= 0 { out[i] = perValue[Int(code)] }
            }
        case (.enumeration(let codes, _), .symbol(let x, _)):
            for i in 0..<rows.count {
                let y = codes[Int(rows[i])]
                if y != EnumDomain.missingCode { out[i] = Evaluator.holds(op, Evaluator.order(y, x)) ? 1 : 0 }
            }
        default:
            return Evaluator.compare(op, gather(c, rows), eval(k, rows))
        }
        return out
    }

    static func compare(_ op: BinaryOp, _ x: Vec, _ y: Vec) -> [UInt8] {
        var out = [UInt8](repeating: 2, count: x.count)
        switch (x, y) {
        case (.number(let a), .number(let b)):
            for i in 0..<a.count where !a[i].isNaN && !b[i].isNaN { out[i] = holds(op, order(a[i], b[i])) ? 1 : 0 }
        case (.text(let a), .text(let b)):
            for i in 0..<a.count {
                guard let p = a[i], let q = b[i] else { continue }
                out[i] = holds(op, order(p.lowercased(), q.lowercased())) ? 1 : 0
            }
        case (.enumeration(let a, _), .enumeration(let b, _)):
            for i in 0..<a.count where a[i] != EnumDomain.missingCode && b[i] != EnumDomain.missingCode {
                out[i] = holds(op, order(a[i], b[i])) ? 1 : 0
            }
        case (.bool(let a), .bool(let b)):
            for i in 0..<a.count where a[i] != 2 && b[i] != 2 { out[i] = holds(op, order(a[i], b[i])) ? 1 : 0 }
        default:
            break
        }
        return out
    }

    @inline(__always)
    static func order<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a > b ? 1 : 0) }

    @inline(__always)
    static func holds(_ op: BinaryOp, _ ordering: Int) -> Bool {
        switch op {
        case .eq: return ordering == 0
        case .ne: return ordering != 0
        case .lt: return ordering < 0
        case .le: return ordering <= 0
        case .gt: return ordering > 0
        case .ge: return ordering >= 0
        default: return false
        }
    }
}

extension BinaryOp {
    /// The same comparison with its sides swapped (`3 < x` is `x > 3`).
    var flipped: BinaryOp {
        switch self {
        case .lt: return .gt
        case .le: return .ge
        case .gt: return .lt
        case .ge: return .le
        default: return self
        }
    }
}
