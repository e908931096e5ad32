/// Evaluates select and order expressions once per group: aggregates over the group's rows,
/// plain expressions (group keys) on the group's first row.
///
/// Counts, sums, averages, minima and maxima run in one pass over the rows by group id;
/// median and text minima still collect each group's values.
struct GroupEvaluator {
    let ev: Evaluator
    let selection: Selection
    let grouping: Grouping
    /// The total row: plain expressions have no single value there, so they are missing.
    var totals = false
    var threads = 1

    init(ev: Evaluator, selection: Selection, grouping: Grouping, totals: Bool = false, threads: Int = 1) {
        self.ev = ev
        self.selection = selection
        self.grouping = grouping
        self.totals = totals
        self.threads = threads
    }

    /// The selected rows as an array, for expressions evaluated row by row.
    private var rows: [Int32] { selection.materialised }

    private var groupCount: Int { grouping.count }

    func eval(_ e: BoundExpr, outputs: [Vec]) -> Vec {
        if case .outputRef(let i) = e.kind { return outputs[i] }
        if case .aggregate(let f, let arg) = e.kind { return aggregate(f, arg) }
        if !e.hasAggregate {
            if totals && !e.isConstant { return Vec.constant(.missing, type: e.type, count: groupCount) }
            // Without `group by` an empty selection is still one group; it reads row 0, as it always has.
            return ev.eval(e, grouping.first.map { $0 < selection.count ? Int32(selection[$0]) : 0 })
        }
        switch e.kind {
        case .negate(let a): return .number(numbers(a, outputs).map { -$0 })
        case .arithmetic(let op, let a, let b): return .number(Evaluator.arithmetic(op, numbers(a, outputs), numbers(b, outputs)))
        case .function(let f, let args):
            return ScalarFunctions.apply(f, args.map { eval($0, outputs: outputs) }, count: groupCount)
        case .compare(let op, let a, let b): return .bool(Evaluator.compare(op, eval(a, outputs: outputs), eval(b, outputs: outputs)))
        case .logical(let op, let a, let b):
            guard case .bool(let x) = eval(a, outputs: outputs), case .bool(let y) = eval(b, outputs: outputs) else { break }
            return .bool(zip(x, y).map { op == .and ? Evaluator.and3($0, $1) : Evaluator.or3($0, $1) })
        case .not(let a):
            if case .bool(let x) = eval(a, outputs: outputs) { return .bool(x.map { $0 == 2 ? 2 : 1 - $0 }) }
        case .between(let a, let lo, let hi, let negated):
            let x = eval(a, outputs: outputs)
            let both = zip(Evaluator.compare(.ge, x, eval(lo, outputs: outputs)), Evaluator.compare(.le, x, eval(hi, outputs: outputs)))
            return .bool(both.map { p, q in let t = Evaluator.and3(p, q); return negated && t != 2 ? 1 - t : t })
        case .inList(let a, let items, let negated):
            let x = eval(a, outputs: outputs)
            var acc = [UInt8](repeating: 0, count: x.count)
            for item in items {
                for (i, t) in Evaluator.compare(.eq, x, eval(item, outputs: outputs)).enumerated() where acc[i] != 1 { acc[i] = t == 0 ? acc[i] : t }
            }
            return .bool(negated ? acc.map { $0 == 2 ? 2 : 1 - $0 } : acc)
        case .isMissing(let a, let negated):
            let v = eval(a, outputs: outputs)
            return .bool((0..<v.count).map { (v.isMissing($0) != negated) ? 1 : 0 })
        default: break
        }
        return Vec.constant(.missing, type: e.type, count: groupCount)
    }

    private func numbers(_ e: BoundExpr, _ outputs: [Vec]) -> [Double] {
        if case .number(let v) = eval(e, outputs: outputs) { return v }
        return Array(repeating: .nan, count: groupCount)
    }

    func aggregate(_ f: AggregateFunction, _ arg: BoundExpr?) -> Vec {
        guard let arg else { return .number(grouping.sizes.map { Double($0) }) }
        if [.sum, .avg, .min, .max].contains(f), case .column(let c) = arg.kind, case .number(let x) = ev.table.columns[c].data {
            // A number column is read in place through the selection (no copy of it first).
            return .number(NumberAggregate.compute(f, x, rows: selection.rows, grouping, threads: threads))
        }
        if f == .count || f == .pct, selection.rows == nil, arg.type == .bool {
            // Over every row, the rows where the condition holds come from the `where` kernels
            // (proved equal to `Evaluator.truth`), not from a three-valued column per operator.
            // Three-valued: the rows where it is false come from the kernels for `not cond`, and
            // the rows where it is unknown are in neither.
            let ids = grouping.ids
            func perGroup(_ e: BoundExpr) -> [Int] {
                var counts = [Int](repeating: 0, count: groupCount)
                for r in FilterPlan(e, table: ev.table).run(ev, count: selection.count, threads: threads) { counts[Int(ids[Int(r)])] += 1 }
                return counts
            }
            let yes = perGroup(arg), no = perGroup(BoundExpr(.not(arg), .bool, arg.span))
            if f == .count { return .number(zip(yes, no).map { c, n in c + n == 0 ? .nan : Double(c) }) }
            return .number(zip(yes, no).map { c, n in c + n == 0 ? .nan : Double(c) / Double(c + n) * 100 })
        }
        let v = ev.eval(arg, rows)
        switch (f, v) {
        // Three-valued, as `where` is: a row whose condition is unknown counts in neither part,
        // so pct(p) + pct(not p) is 100 wherever a row is known, and a group with no known
        // row has no count or percentage (a council table leaves that cell empty, not 0).
        case (.count, .bool(let t)):
            let (yes, known) = truthCounts(t)
            return .number(zip(yes, known).map { c, k in k == 0 ? .nan : Double(c) })
        case (.pct, .bool(let t)):
            let (yes, known) = truthCounts(t)
            return .number(zip(yes, known).map { c, k in k == 0 ? .nan : Double(c) / Double(k) * 100 })
        case (.sum, .number(let x)), (.avg, .number(let x)), (.min, .number(let x)), (.max, .number(let x)):
            return .number(NumberAggregate.compute(f, x, rows: nil, grouping, threads: threads))
        case (_, .number(let x)):
            return .number(grouping.members().map { g in GroupEvaluator.reduce(f, g.map { x[$0] }.filter { !$0.isNaN }) })
        case (.min, .text(let x)), (.max, .text(let x)):
            return .text(grouping.members().map { g in
                let present = g.compactMap { x[$0] }
                return f == .min ? present.min { $0.lowercased() < $1.lowercased() } : present.max { $0.lowercased() < $1.lowercased() }
            })
        case (.min, .enumeration(let x, let d)), (.max, .enumeration(let x, let d)):
            return .enumeration(grouping.members().map { g in
                let present = g.map { x[$0] }.filter { $0 != EnumDomain.missingCode }
                return (f == .min ? present.min() : present.max()) ?? EnumDomain.missingCode
            }, d)
        default:
            return Vec.constant(.missing, type: .number, count: groupCount)
        }
    }

    /// Rows per group where the condition is true, and where it is known (true or false).
    private func truthCounts(_ t: [UInt8]) -> (yes: [Int], known: [Int]) {
        var yes = [Int](repeating: 0, count: groupCount), known = yes
        grouping.ids.withUnsafeBufferPointer { ids in
            for i in 0..<t.count where t[i] != 2 {
                known[Int(ids[i])] += 1
                if t[i] == 1 { yes[Int(ids[i])] += 1 }
            }
        }
        return (yes, known)
    }

    static func reduce(_ f: AggregateFunction, _ xs: [Double]) -> Double {
        guard !xs.isEmpty else { return .nan }
        switch f {
        case .sum: return xs.reduce(0, +)
        case .avg: return xs.reduce(0, +) / Double(xs.count)
        case .min: return xs.min()!
        case .max: return xs.max()!
        case .median:
            let s = xs.sorted()
            return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
        default: return .nan
        }
    }
}
