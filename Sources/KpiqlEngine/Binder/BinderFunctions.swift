/// Binding of function calls: scalar functions and aggregates.
extension Binder {
    mutating func bindCall(_ name: String, nameSpan: SourceSpan, args: [Expr], span: SourceSpan) throws(Diagnostic) -> BoundExpr {
        if let f = ComparativeFunction(rawValue: name) { return try bindComparative(f, args: args, span: span) }
        if let f = ScalarFunction(rawValue: name) {
            let bound = try args.map { (a: Expr) throws(Diagnostic) -> BoundExpr in try bindExpr(a) }
            switch f {
            case .abs:
                guard bound.count == 1 else { throw BindError.arity("abs", expected: "one number", span: span) }
                try requireNumber(bound[0], "abs()")
            case .round:
                guard bound.count == 1 || bound.count == 2 else {
                    throw BindError.arity("round", expected: "a number and optionally the decimal places: round(x) or round(x, 1)", span: span)
                }
                for b in bound { try requireNumber(b, "round()") }
                if bound.count == 2, !bound[1].isConstant {
                    throw BindError.typeMismatch("the places of round() must be a plain number", span: bound[1].span)
                }
            }
            return BoundExpr(.function(f, bound), .number, span)
        }
        guard let agg = AggregateFunction(rawValue: name) else { throw BindError.unknownFunction(name, span: nameSpan) }
        guard allowAggregates else { throw BindError.aggregateNotAllowed(name, span: nameSpan, clause: "where or group by") }
        allowAggregates = false
        defer { allowAggregates = true }
        switch agg {
        case .count:
            guard args.count <= 1 else { throw BindError.arity("count", expected: "no argument, or one condition: count(status = red)", span: span) }
            guard let a = args.first else { return BoundExpr(.aggregate(.count, nil), .number, span) }
            let b = try bindExpr(a)
            // count(field) counts rows where the field has a value, as in SQL.
            let cond = b.type == .bool ? b : BoundExpr(.isMissing(b, negated: true), .bool, b.span)
            return BoundExpr(.aggregate(.count, cond), .number, span)
        case .pct:
            guard args.count == 1 else { throw BindError.arity("pct", expected: "one condition: pct(status = green)", span: span) }
            let b = try bindExpr(args[0])
            try requireCondition(b, clause: "pct()")
            return BoundExpr(.aggregate(.pct, b), .number, span)
        case .sum, .avg, .median, .min, .max:
            guard args.count == 1 else { throw BindError.arity(name, expected: "one field or expression", span: span) }
            let b = try bindExpr(args[0])
            if agg == .min || agg == .max {
                if b.type == .bool { throw BindError.typeMismatch("\(name)() needs a value, not a condition", span: b.span) }
                return BoundExpr(.aggregate(agg, b), b.type, span)
            }
            try requireNumber(b, "\(name)()")
            return BoundExpr(.aggregate(agg, b), .number, span)
        }
    }
}
