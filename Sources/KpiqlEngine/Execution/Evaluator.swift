import Foundation

/// Evaluates bound expressions column at a time over a selection vector (row indices).
package struct Evaluator {
    let table: Table

    package init(table: Table) { self.table = table }

    func eval(_ e: BoundExpr, _ rows: [Int32]) -> Vec {
        switch e.kind {
        case .column(let c): return gather(c, rows)
        case .number(let v): return .number(Array(repeating: v, count: rows.count))
        case .text(let s): return .text(Array(repeating: s, count: rows.count))
        case .symbol(let code, let d): return .enumeration(Array(repeating: code, count: rows.count), d)
        case .missing: return Vec.constant(.missing, type: e.type, count: rows.count)
        case .negate(let a): return .number(numbers(a, rows).map { -$0 })
        case .arithmetic(let op, let a, let b): return .number(Evaluator.arithmetic(op, numbers(a, rows), numbers(b, rows)))
        case .function(let f, let args):
            return ScalarFunctions.apply(f, args.map { eval($0, rows) }, count: rows.count)
        case .series(let f, let n):
            return series(f, n, rows)
        case .comparative(let f, let arg, let scope):
            let all = ComparativeEvaluator(table: table, ev: self).evaluate(f, arg, scope)
            return .number(rows.map { all[Int($0)] })
        case .aggregate, .outputRef:
            preconditionFailure("aggregates are evaluated per group by the executor")
        default:
            return .bool(truth(e, rows))
        }
    }

    /// Functions of each row's own period series (metrics tables only; the binder checks).
    func series(_ f: SeriesFunction, _ n: Int, _ rows: [Int32]) -> Vec {
        guard let inputs = table.metricsInputs else { return Vec.constant(.missing, type: .number, count: rows.count) }
        switch f {
        case .declining, .improving:
            return .bool(rows.map { r in
                let g = inputs.good[Int(r)]
                return SeriesFunctions.consecutive(inputs.series(row: Int(r)), goodHigh: g == 255 ? nil : g == 0, n: n, improving: f == .improving)
            })
        case .periodMin, .periodMax:
            return .number(rows.map { r in
                let present = inputs.series(row: Int(r)).filter { !$0.isNaN }
                return (f == .periodMin ? present.min() : present.max()) ?? .nan
            })
        }
    }

    package func numbers(_ e: BoundExpr, _ rows: [Int32]) -> [Double] {
        if case .number(let v) = eval(e, rows) { return v }
        return Array(repeating: .nan, count: rows.count)
    }

    static func arithmetic(_ op: BinaryOp, _ x: [Double], _ y: [Double]) -> [Double] {
        var out = [Double](repeating: .nan, count: x.count)
        for i in 0..<x.count {
            let r: Double
            switch op {
            case .add: r = x[i] + y[i]
            case .sub: r = x[i] - y[i]
            case .mul: r = x[i] * y[i]
            default: r = y[i] == 0 ? .nan : x[i] / y[i]   // x / 0 has no answer: missing
            }
            out[i] = r.isFinite ? r : .nan
        }
        return out
    }

    func gather(_ c: Int, _ rows: [Int32]) -> Vec {
        switch table.columns[c].data {
        case .number(let v): return .number(rows.map { v[Int($0)] })
        case .text(let codes, let dict):
            return .text(rows.map { r in let k = codes[Int(r)]; return k < 0 ? nil : dict.values[Int(k)] })
        case .enumeration(let codes, let d): return .enumeration(rows.map { codes[Int($0)] }, d)
        }
    }

    /// Three-valued truth of a condition for each row: 1 true, 0 false, 2 unknown.
    func truth(_ e: BoundExpr, _ rows: [Int32]) -> [UInt8] {
        switch e.kind {
        case .logical(let op, let a, let b):
            let x = truth(a, rows), y = truth(b, rows)
            var out = [UInt8](repeating: 2, count: x.count)
            for i in 0..<x.count { out[i] = op == .and ? Evaluator.and3(x[i], y[i]) : Evaluator.or3(x[i], y[i]) }
            return out
        case .not(let a): return truth(a, rows).map { $0 == 2 ? 2 : 1 - $0 }
        case .compare(let op, let a, let b): return compare(op, a, b, rows)
        case .inList(let a, let items, let negated):
            var acc = [UInt8](repeating: 0, count: rows.count)
            for item in items {
                let t = compare(.eq, a, item, rows)
                for i in 0..<acc.count where acc[i] != 1 { acc[i] = t[i] == 1 ? 1 : (t[i] == 2 ? 2 : acc[i]) }
            }
            return negated ? acc.map { $0 == 2 ? 2 : 1 - $0 } : acc
        case .between(let a, let lo, let hi, let negated):
            let x = compare(.ge, a, lo, rows), y = compare(.le, a, hi, rows)
            var both = [UInt8](repeating: 2, count: x.count)
            for i in 0..<x.count { both[i] = Evaluator.and3(x[i], y[i]) }
            return negated ? both.map { $0 == 2 ? 2 : 1 - $0 } : both
        case .textMatch(let m, let a, let pattern, let regex, let negated):
            let t = textMatch(m, a, pattern, regex, rows)
            return negated ? t.map { $0 == 2 ? 2 : 1 - $0 } : t
        case .isMissing(let a, let negated):
            let v = eval(a, rows)
            return (0..<rows.count).map { i in (v.isMissing(i) != negated) ? 1 : 0 }
        default:
            if case .bool(let b) = eval(e, rows) { return b }
            return Array(repeating: 2, count: rows.count)
        }
    }

    @inline(__always) static func and3(_ p: UInt8, _ q: UInt8) -> UInt8 { p == 0 || q == 0 ? 0 : (p == 1 && q == 1 ? 1 : 2) }
    @inline(__always) static func or3(_ p: UInt8, _ q: UInt8) -> UInt8 { p == 1 || q == 1 ? 1 : (p == 0 && q == 0 ? 0 : 2) }

    /// `contains`, `starts with` and `matches`, ignoring case. On a text column the test runs
    /// once per distinct value, not once per row.
    func textMatch(_ m: TextMatch, _ a: BoundExpr, _ pattern: String, _ regex: LinearRegex?, _ rows: [Int32]) -> [UInt8] {
        let test = Evaluator.textTest(m, pattern, regex)
        if case .column(let c) = a.kind, case .text(let codes, let dict) = table.columns[c].data {
            let perValue = zip(dict.values, dict.folded).map { test($0, $1) ? UInt8(1) : 0 }
            return rows.map { r in let k = codes[Int(r)]; return k < 0 ? 2 : perValue[Int(k)] }
        }
        let v = eval(a, rows)
        return (0..<rows.count).map { i in
            switch v.value(i) {
            case .text(let s), .symbol(let s): return test(s, s.lowercased()) ? 1 : 0
            default: return 2
            }
        }
    }

    /// The test of a text operator on one value, given as printed and lower-cased. `pattern`
    /// is lower-cased already (except for `matches`, whose regex ignores case itself).
    static func textTest(_ m: TextMatch, _ pattern: String, _ regex: LinearRegex?) -> (String, String) -> Bool {
        switch m {
        case .contains: return { _, folded in pattern.isEmpty || FoldedSearch.contains(folded, pattern) }
        case .startsWith: return { _, folded in folded.hasPrefix(pattern) }
        case .matches: return { s, _ in regex!.matches(s) }
        }
    }
}
