import Foundation

/// Runs a `where` condition: its `and`-ed parts become `FilterKernel`s, run cheapest and most
/// selective first (judged on a sample of rows), each narrowing the selection the one before
/// left. `and` keeps a row only when every part is true, so the order never changes the rows.
struct FilterPlan {
    let kernels: [FilterKernel]

    init(_ e: BoundExpr, table: Table) {
        kernels = FilterPlan.conjuncts(e).map { FilterPlan.kernel($0, table) }
    }

    /// The rows (of all `count` rows of the table) for which the condition is true, in order.
    func run(_ ev: Evaluator, count: Int, threads: Int) -> [Int32] {
        // The first kernel cuts the rows into one slice per thread; later kernels narrow each
        // slice's rows on its own thread, and the slices are joined once at the end.
        var parts: [[Int32]]?
        for k in ordered(ev, count: count) {
            if let current = parts {
                parts = Parallel.map(current.indices.map { $0..<($0 + 1) }, threads: threads) { p in
                    let rows = current[p.lowerBound]
                    return k.apply(ev, rows, count: count, range: 0..<rows.count)
                }
            } else {
                parts = Parallel.map(Parallel.slices(count, threads: threads), threads: threads) { range in
                    k.apply(ev, nil, count: count, range: range)
                }
            }
        }
        guard let parts else { return (0..<Int32(count)).map { $0 } }
        return parts.count == 1 ? parts[0] : Array(parts.joined())
    }

    /// Kernels by expected work: cost over the share of rows each removes, measured on about
    /// a thousand evenly spaced rows (Q5: good = high keeps 57% of rows, change < -10 about 25%).
    func ordered(_ ev: Evaluator, count: Int) -> [FilterKernel] {
        guard kernels.count > 1, count > 0 else { return kernels }
        let step = max(1, count / 1024)
        let sample = stride(from: 0, to: count, by: step).map { Int32($0) }
        let ranked = kernels.map { k -> Double in
            let kept = Double(k.apply(ev, sample, count: count, range: 0..<sample.count).count)
            let share = (kept + 0.5) / (Double(sample.count) + 1)
            return k.cost / (1 - share)
        }
        return kernels.indices.sorted { ranked[$0] != ranked[$1] ? ranked[$0] < ranked[$1] : $0 < $1 }.map { kernels[$0] }
    }

    static func conjuncts(_ e: BoundExpr) -> [BoundExpr] {
        if case .logical(.and, let a, let b) = e.kind { return conjuncts(a) + conjuncts(b) }
        return [e]
    }

    /// The fastest kernel that computes exactly what `Evaluator.truth` would keep.
    static func kernel(_ e: BoundExpr, _ table: Table) -> FilterKernel {
        switch e.kind {
        case .compare(let op, let a, let b):
            if case .column(let c) = a.kind, b.isConstant, let k = columnVersusConstant(op, table.columns[c].data, b) { return k }
            if case .column(let c) = b.kind, a.isConstant, let k = columnVersusConstant(op.flipped, table.columns[c].data, a) { return k }
            if case .column(let c) = a.kind, case .column(let d) = b.kind,
               case .number(let x) = table.columns[c].data, case .number(let y) = table.columns[d].data {
                return FilterKernel(kind: .numberColumns(x, op, y))
            }
        case .textMatch(let m, let a, let pattern, let regex, let negated):
            if case .column(let c) = a.kind {
                let test = Evaluator.textTest(m, pattern, regex)
                if let k = perValue(table.columns[c].data, negated: negated, test) { return k }
            }
        case .inList(let a, let items, let negated):
            // Only lists of plain values of the column's own kind; `x in ()` keeps its odd truth.
            if case .column(let c) = a.kind, !items.isEmpty {
                let data = table.columns[c].data
                var wanted: [String] = []
                for item in items {
                    switch (data, item.kind) {
                    case (.text, .text(let s)): wanted.append(s.lowercased())
                    case (.enumeration(_, let d), .symbol(let code, let e)) where d == e && Int(code) < d.values.count:
                        wanted.append(d.values[Int(code)])
                    default: return FilterKernel(kind: .general(e))
                    }
                }
                if let k = perValue(data, negated: negated, { _, folded in wanted.contains(folded) }) { return k }
            }
        default:
            break
        }
        return FilterKernel(kind: .general(e))
    }

    private static func columnVersusConstant(_ op: BinaryOp, _ data: ColumnData, _ k: BoundExpr) -> FilterKernel? {
        switch (data, k.kind) {
        // A NaN constant ($p = nan) compares as equal to everything in `truth`; leave it there.
        case (.number(let v), .number(let x)) where !x.isNaN: return FilterKernel(kind: .numberConstant(v, op, x))
        case (.text(let codes, let dict), .text(let s)):
            let needle = s.lowercased()
            let truth = [UInt8(0)] + dict.folded.map { Evaluator.holds(op, Evaluator.order($0, needle)) ? 1 : 0 }
            return FilterKernel(kind: .textCodes(codes, truth: truth))
        case (.enumeration(let codes, let d), .symbol(let x, _)):
            var truth = [UInt8](repeating: 0, count: 256)
            for y in 0..<d.values.count { truth[y] = Evaluator.holds(op, Evaluator.order(UInt8(y), x)) ? 1 : 0 }
            return FilterKernel(kind: .enumCodes(codes, truth: truth))
        default:
            return nil
        }
    }

    /// A text or enum column tested once per distinct value (`value`, and lower-cased).
    private static func perValue(_ data: ColumnData, negated: Bool, _ test: (String, String) -> Bool) -> FilterKernel? {
        func truth(_ v: String, _ f: String) -> UInt8 { test(v, f) != negated ? 1 : 0 }
        switch data {
        case .text(let codes, let dict):
            return FilterKernel(kind: .textCodes(codes, truth: [0] + zip(dict.values, dict.folded).map(truth)))
        case .enumeration(let codes, let d):
            var t = [UInt8](repeating: 0, count: 256)
            for (i, v) in d.values.enumerated() { t[i] = truth(v, v) }
            return FilterKernel(kind: .enumCodes(codes, truth: t))
        case .number:
            return nil
        }
    }
}
