extension Expr {
    /// The expression with each bare name that `replacement` knows put in its place: `having`
    /// reads a select alias (`having n > 3`) as the expression it names (`count() > 3`).
    func replacingNames(_ replacement: (String) -> Expr?) -> Expr {
        func r(_ e: Expr) -> Expr { e.replacingNames(replacement) }
        var out = self
        switch kind {
        case .name(let n):
            if let x = replacement(n) { return x }
        case .number, .string, .parameter:
            break
        case .negate(let a): out.kind = .negate(r(a))
        case .not(let a): out.kind = .not(r(a))
        case .binary(let op, let a, let b): out.kind = .binary(op, r(a), r(b))
        case .inList(let a, let items, let negated): out.kind = .inList(r(a), items.map(r), negated: negated)
        case .between(let a, let lo, let hi, let negated): out.kind = .between(r(a), low: r(lo), high: r(hi), negated: negated)
        case .textMatch(let m, let a, let pattern, let negated): out.kind = .textMatch(m, r(a), pattern: pattern, negated: negated)
        case .isMissing(let a, let negated): out.kind = .isMissing(r(a), negated: negated)
        case .call(let f, let nameSpan, let args):
            // Inside an aggregate a name is the table's field: `sum(variance)` even when an
            // output is called variance.
            if AggregateFunction(rawValue: f) == nil { out.kind = .call(f, nameSpan: nameSpan, args: args.map(r)) }
        case .inGroup(let a, let group, let negated): out.kind = .inGroup(r(a), group: group, negated: negated)
        }
        return out
    }
}
