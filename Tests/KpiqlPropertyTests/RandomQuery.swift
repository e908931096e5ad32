@testable import KpiqlEngine
@testable import KpiqlData
@testable import KpiqlSQL
@testable import KpiqlShell
@testable import KpiqlServer

/// Builds random but well-typed queries over the `metrics` table from a seed, for property
/// tests (the generator of swift-property-based supplies the seed and the shrinking).
struct RandomQuery {
    var rng: SplitMix

    init(seed: UInt64) { rng = SplitMix(seed: seed) }

    static let numberFields = ["latest", "previous", "target", "variance", "change", "gap", "r1", "q2", "quartile", "england_avg"]
    static let textFields = ["council", "id", "name", "priority", "frequency", "commentary"]
    static let enumFields: [(String, [String])] = [("status", ["green", "amber", "red"]), ("good", ["high", "low"]),
                                                   ("trend", ["improving", "worsening", "same"]), ("direction", ["up", "down", "same"])]
    static let words = ["Children", "Sefton", "St Helens", "children", "care", "%", "a\"b", "C1", ""]

    mutating func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
    mutating func chance(_ n: UInt64) -> Bool { rng.next() % n == 0 }
    func e(_ k: Expr.Kind) -> Expr { Expr(k, .none) }

    mutating func number(depth: Int) -> Expr {
        if depth <= 0 || chance(2) {
            return chance(2) ? e(.name(pick(Self.numberFields))) : e(.number(Double(Int(rng.next() % 2001) - 1000) / pick([1, 10, 100])))
        }
        switch rng.next() % 4 {
        case 0: return e(.binary(pick([.add, .sub, .mul, .div]), number(depth: depth - 1), number(depth: depth - 1)))
        case 1: return e(.negate(e(.name(pick(Self.numberFields)))))
        case 2: return e(.call("abs", nameSpan: .none, args: [number(depth: depth - 1)]))
        default: return e(.call("round", nameSpan: .none, args: [number(depth: depth - 1), e(.number(Double(rng.next() % 3)))]))
        }
    }

    mutating func condition(depth: Int) -> Expr {
        if depth > 0 && chance(2) {
            switch rng.next() % 3 {
            case 0: return e(.binary(pick([.and, .or]), condition(depth: depth - 1), condition(depth: depth - 1)))
            case 1: return e(.not(condition(depth: depth - 1)))
            default: return e(.isMissing(number(depth: 1), negated: chance(2)))
            }
        }
        switch rng.next() % 6 {
        case 0: return e(.binary(pick([.eq, .ne, .lt, .le, .gt, .ge]), number(depth: depth), number(depth: depth)))
        case 1:
            let (f, values) = pick(Self.enumFields)
            return chance(2) ? e(.binary(pick([.eq, .ne]), e(.name(f)), e(.name(pick(values)))))
                             : e(.inList(e(.name(f)), [e(.name(pick(values))), e(.name(pick(values)))], negated: chance(2)))
        case 2: return e(.textMatch(pick([.contains, .startsWith]), e(.name(pick(Self.textFields))), pattern: e(.string(pick(Self.words))), negated: chance(2)))
        case 3:
            // Two constant bounds come smaller first: `between 100 and 0` is refused with its fix.
            var (low, high) = (number(depth: 0), number(depth: 0))
            if case .number(let a) = low.kind, case .number(let b) = high.kind, a > b { (low, high) = (high, low) }
            return e(.between(number(depth: 0), low: low, high: high, negated: chance(2)))
        case 4: return e(.binary(pick([.eq, .ne, .lt, .gt]), e(.name(pick(Self.textFields))), e(.string(pick(Self.words)))))
        default: return e(.isMissing(e(.name(pick(Self.textFields + Self.numberFields))), negated: chance(2)))
        }
    }

    mutating func query() -> Query {
        var q = Query(span: .none)
        if chance(2) { q.from = Query.Name(text: "metrics", span: .none) }
        if !chance(4) { q.filter = condition(depth: 3) }
        if chance(3) {
            q.groupBy = [e(.name(pick(["council", "priority", "status"])))]
            q.select = [Query.SelectItem(expr: q.groupBy![0], alias: nil),
                        Query.SelectItem(expr: e(.call("count", nameSpan: .none, args: [])), alias: Query.Name(text: "n", span: .none))]
        } else if chance(2) {
            q.select = [Query.SelectItem(expr: e(.name("id")), alias: nil),
                        Query.SelectItem(expr: number(depth: 2), alias: chance(2) ? Query.Name(text: "x", span: .none) : nil)]
        }
        if chance(2) { q.orderBy = [Query.OrderItem(expr: e(.name(pick(Self.numberFields))), descending: chance(2), span: .none)] }
        if chance(3) { q.limit = Int(rng.next() % 50) }
        return q
    }
}

/// A small, fast, seedable generator (SplitMix64) so a failing seed reproduces exactly.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
