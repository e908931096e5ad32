@testable import KpiqlEngine
@testable import KpiqlData
@testable import KpiqlSQL
@testable import KpiqlShell
@testable import KpiqlServer

/// Random queries over `metrics` that reach the constructs whose SQL is subtle: aggregates
/// (count and pct of a condition, median, text min/max), `with totals`, `having`, several order keys
/// over text and enums, `matches`, `declining(n)`/`improving(n)`, `min(periods)`, `coalesce`, `spark`,
/// `min`/`max` of several values, and conditions as outputs. Built on `RandomQuery`'s pieces.
extension RandomQuery {
    static let keyFields = ["council", "priority", "status", "good", "trend", "frequency", "direction", "previous_period", "comparison"]
    static let patterns = ["^c", "care|health", "\\d{2}", "[a-f]+ing", "^(st|se)", "s$", "o.?o", "\\(%\\)", "^[^a-m]"]

    mutating func call(_ name: String, _ args: [Expr]) -> Expr { e(.call(name, nameSpan: .none, args: args)) }
    mutating func field(_ names: [String]) -> Expr { e(.name(pick(names))) }

    /// A condition with the extra operators on top of `condition(depth:)`.
    mutating func sqlCondition() -> Expr {
        switch rng.next() % 9 {
        case 0: return e(.textMatch(.matches, field(Self.textFields), pattern: e(.string(pick(Self.patterns))), negated: chance(3)))
        case 1: return call(pick(["declining", "improving"]), [e(.number(Double(1 + rng.next() % 3)))])
        case 2: return e(.binary(pick([.lt, .ge]), call("coalesce", [field(Self.numberFields), e(.number(0))]), e(.number(Double(rng.next() % 100)))))
        case 3: return e(.binary(pick([.lt, .le, .gt]), field(Self.textFields), e(.string(pick(["M", "s", "C0", "the"])))))
        case 4:
            let (f, values) = pick(Self.enumFields)
            return e(.binary(pick([.lt, .gt, .ge]), e(.name(f)), e(.name(pick(values)))))
        case 5: return e(.binary(.gt, call("min", [e(.name("periods"))]), e(.number(Double(rng.next() % 80)))))
        case 6: return e(.binary(pick([.and, .or]), sqlCondition(), condition(depth: 1)))
        default: return condition(depth: 2)
        }
    }

    mutating func aggregate() -> Expr {
        switch rng.next() % 10 {
        case 0: return call("count", [])
        case 1: return call("count", [sqlCondition()])
        case 2: return call("pct", [sqlCondition()])
        case 3: return call("median", [number(depth: 1)])
        case 4: return call(pick(["min", "max"]), [field(Self.textFields)])
        case 5: return call(pick(["min", "max"]), [field(["status", "trend"])])
        case 6: return call("round", [call("avg", [field(Self.numberFields)]), e(.number(Double(rng.next() % 3)))])
        default: return call(pick(["sum", "avg", "min", "max"]), [number(depth: 1)])
        }
    }

    /// A `having` condition: a number aggregate against a constant, a select alias, or both
    /// joined (three-valued: an average of nothing is unknown and drops its group).
    mutating func having() -> Expr {
        let aggregate: Expr
        switch rng.next() % 5 {
        case 0: aggregate = call("count", chance(2) ? [] : [sqlCondition()])
        case 1: aggregate = call("pct", [sqlCondition()])
        case 2: aggregate = e(.name("a0"))
        case 3: aggregate = call("median", [field(Self.numberFields)])
        default: aggregate = call(pick(["sum", "avg", "min", "max"]), [number(depth: 1)])
        }
        let test = e(.binary(pick([.lt, .ge, .gt, .ne]), aggregate, e(.number(Double(rng.next() % 60)))))
        return chance(4) ? e(.binary(pick([.and, .or]), test, having())) : test
    }

    mutating func sqlQuery() -> Query {
        var q = Query(span: .none)
        if !chance(4) { q.filter = chance(2) ? sqlCondition() : condition(depth: 2) }
        switch rng.next() % 3 {
        case 0:
            var keys = [field(Self.keyFields)]
            if chance(3) { keys.append(field(Self.keyFields)) }
            q.groupBy = keys
            q.withTotals = chance(3)
            var items = keys.map { Query.SelectItem(expr: $0, alias: nil) }
            for i in 0..<Int(1 + rng.next() % 3) { items.append(Query.SelectItem(expr: aggregate(), alias: Query.Name(text: "a\(i)", span: .none))) }
            q.select = items
            if chance(3) { q.having = having() }
            if chance(2) {
                q.orderBy = [Query.OrderItem(expr: e(.name(pick(items.compactMap { $0.alias?.text } + ["a0"]))), descending: chance(2), span: .none)]
                if chance(2) { q.orderBy!.append(Query.OrderItem(expr: keys[0], descending: chance(2), span: .none)) }
            }
        case 1:
            q.select = [Query.SelectItem(expr: e(.name("id")), alias: nil),
                        Query.SelectItem(expr: number(depth: 2), alias: Query.Name(text: "x", span: .none)),
                        Query.SelectItem(expr: call(pick(["min", "max"]), [field(Self.numberFields), field(Self.numberFields), number(depth: 0)]), alias: Query.Name(text: "m", span: .none)),
                        Query.SelectItem(expr: sqlCondition(), alias: Query.Name(text: "c", span: .none)),
                        Query.SelectItem(expr: field(Self.textFields + ["status", "trend"]), alias: nil),
                        Query.SelectItem(expr: chance(2) ? e(.name("spark")) : call("spark", [number(depth: 0), field(Self.numberFields), number(depth: 1)]),
                                         alias: Query.Name(text: "s", span: .none))]
            q.orderBy = (0..<Int(1 + rng.next() % 3)).map { _ in
                Query.OrderItem(expr: field(Self.textFields + Self.numberFields + ["status", "trend", "good"]), descending: chance(2), span: .none)
            }
        default:
            q.select = (0..<Int(1 + rng.next() % 3)).map { i in Query.SelectItem(expr: aggregate(), alias: Query.Name(text: "a\(i)", span: .none)) }
        }
        if chance(3) { q.limit = Int(rng.next() % 40) }
        return q
    }
}
