extension BoundExpr {
    /// The columns the expression reads.
    var columns: Set<Int> {
        var out = Set<Int>()
        _ = mapColumns { out.insert($0); return $0 }
        return out
    }

    /// The expression reading column `f(i)` wherever it read column `i`: a join runs the
    /// query over a table of only the columns it names, gathered through the join's pairs.
    func mapColumns(_ f: (Int) -> Int) -> BoundExpr {
        func m(_ e: BoundExpr) -> BoundExpr { e.mapColumns(f) }
        var out = self
        switch kind {
        case .column(let i): out.kind = .column(f(i))
        case .number, .text, .symbol, .missing, .series, .outputRef: break
        case .negate(let a): out.kind = .negate(m(a))
        case .not(let a): out.kind = .not(m(a))
        case .logical(let op, let a, let b): out.kind = .logical(op, m(a), m(b))
        case .arithmetic(let op, let a, let b): out.kind = .arithmetic(op, m(a), m(b))
        case .compare(let op, let a, let b): out.kind = .compare(op, m(a), m(b))
        case .inList(let a, let items, let negated): out.kind = .inList(m(a), items.map(m), negated: negated)
        case .between(let a, let lo, let hi, let negated): out.kind = .between(m(a), m(lo), m(hi), negated: negated)
        case .textMatch(let t, let a, let pattern, let regex, let negated):
            out.kind = .textMatch(t, m(a), pattern: pattern, regex: regex, negated: negated)
        case .isMissing(let a, let negated): out.kind = .isMissing(m(a), negated: negated)
        case .function(let fn, let args): out.kind = .function(fn, args.map(m))
        case .aggregate(let fn, let a): out.kind = .aggregate(fn, a.map(m))
        case .comparative(let fn, let a, var scope):
            // Joins refuse comparisons between areas (the schema has no indicator key); kept whole for completeness.
            scope.keyColumns = scope.keyColumns.map(f)
            scope.goodColumn = scope.goodColumn.map(f)
            out.kind = .comparative(fn, m(a), scope)
        }
        return out
    }
}
