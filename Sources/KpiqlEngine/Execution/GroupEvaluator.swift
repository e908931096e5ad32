/// Evaluates select and order expressions once per group: aggregates over the group's rows,
/// plain expressions (group keys) on the group's first row.
struct GroupEvaluator {
    let ev: Evaluator
    let rows: [Int32]
    let groups: [[Int]]
    /// The total row: plain expressions have no single value there, so they are missing.
    var totals = false

    func eval(_ e: BoundExpr, outputs: [Vec]) -> Vec {
        if case .outputRef(let i) = e.kind { return outputs[i] }
        if case .aggregate(let f, let arg) = e.kind { return aggregate(f, arg) }
        if !e.hasAggregate {
            if totals && !e.isConstant { return Vec.constant(.missing, type: e.type, count: groups.count) }
            let reps = groups.map { $0.isEmpty ? Int32(0) : rows[$0[0]] }
            return groups.isEmpty ? Vec.constant(.missing, type: e.type, count: 0) : ev.eval(e, reps)
        }
        switch e.kind {
        case .negate(let a): return .number(numbers(a, outputs).map { -$0 })
        case .arithmetic(let op, let a, let b): return .number(Evaluator.arithmetic(op, numbers(a, outputs), numbers(b, outputs)))
        case .function(let f, let args):
            return ScalarFunctions.apply(f, args.map { eval($0, outputs: outputs) }, count: groups.count)
        case .compare(let op, let a, let b): return .bool(Evaluator.compare(op, eval(a, outputs: outputs), eval(b, outputs: outputs)))
        case .logical(let op, let a, let b):
            guard case .bool(let x) = eval(a, outputs: outputs), case .bool(let y) = eval(b, outputs: outputs) else { break }
            return .bool(zip(x, y).map { op == .and ? Evaluator.and3($0, $1) : Evaluator.or3($0, $1) })
        case .not(let a):
            if case .bool(let x) = eval(a, outputs: outputs) { return .bool(x.map { $0 == 2 ? 2 : 1 - $0 }) }
        case .isMissing(let a, let negated):
            let v = eval(a, outputs: outputs)
            return .bool((0..<v.count).map { (v.isMissing($0) != negated) ? 1 : 0 })
        default: break
        }
        return Vec.constant(.missing, type: e.type, count: groups.count)
    }

    private func numbers(_ e: BoundExpr, _ outputs: [Vec]) -> [Double] {
        if case .number(let v) = eval(e, outputs: outputs) { return v }
        return Array(repeating: .nan, count: groups.count)
    }

    func aggregate(_ f: AggregateFunction, _ arg: BoundExpr?) -> Vec {
        guard let arg else { return .number(groups.map { Double($0.count) }) }
        let v = ev.eval(arg, rows)
        switch (f, v) {
        case (.count, .bool(let t)): return .number(groups.map { g in Double(g.reduce(0) { $0 + (t[$1] == 1 ? 1 : 0) }) })
        case (.pct, .bool(let t)):
            return .number(groups.map { g in g.isEmpty ? .nan : Double(g.reduce(0) { $0 + (t[$1] == 1 ? 1 : 0) }) / Double(g.count) * 100 })
        case (_, .number(let x)):
            return .number(groups.map { g in GroupEvaluator.reduce(f, g.map { x[$0] }.filter { !$0.isNaN }) })
        case (.min, .text(let x)), (.max, .text(let x)):
            return .text(groups.map { g in
                let present = g.compactMap { x[$0] }
                return f == .min ? present.min { $0.lowercased() < $1.lowercased() } : present.max { $0.lowercased() < $1.lowercased() }
            })
        case (.min, .enumeration(let x, let d)), (.max, .enumeration(let x, let d)):
            return .enumeration(groups.map { g in
                let present = g.map { x[$0] }.filter { $0 != EnumDomain.missingCode }
                return (f == .min ? present.min() : present.max()) ?? EnumDomain.missingCode
            }, d)
        default:
            return Vec.constant(.missing, type: .number, count: groups.count)
        }
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
