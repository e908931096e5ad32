/// Binding of function calls: scalar functions and aggregates.
extension Binder {
    mutating func bindCall(_ name: String, nameSpan: SourceSpan, args: [Expr], span: SourceSpan) throws(Diagnostic) -> BoundExpr {
        if let f = ComparativeFunction(rawValue: name) { return try bindComparative(f, args: args, span: span) }
        if let by = args.first(where: { if case .call("by", _, _) = $0.kind { return true } else { return false } }) {
            throw ComparativeError.byOutside(name, span: by.span)
        }
        if let series = try bindSeries(name, args: args, span: span) { return series }
        if name == "min" || name == "max", args.count >= 2 {
            let bound = try args.map { (a: Expr) throws(Diagnostic) -> BoundExpr in try bindExpr(a) }
            for b in bound { try requireNumber(b, "\(name)() of several values") }
            return BoundExpr(.function(name == "min" ? .least : .greatest, bound), .number, span)
        }
        if name == "coalesce" {
            guard args.count >= 2 else { throw BindError.arity("coalesce", expected: "two or more values: coalesce(x, 0)", span: span) }
            let first = try bindExpr(args[0])
            var bound = [first]
            for a in args.dropFirst() { bound.append(try bindOperand(a, against: first)) }
            return BoundExpr(.function(.coalesce, bound), first.type, span)
        }
        if name == "spark" {
            guard !args.isEmpty else { throw BindError.arity("spark", expected: "the values to draw: spark(r3, r2, r1, latest)", span: span) }
            let bound = try args.map { (a: Expr) throws(Diagnostic) -> BoundExpr in try bindExpr(a) }
            for b in bound { try requireNumber(b, "spark()") }
            return BoundExpr(.function(.spark, bound), .text, span)
        }
        if let f = ScalarFunction(rawValue: name), f == .abs || f == .round {
            let bound = try args.map { (a: Expr) throws(Diagnostic) -> BoundExpr in try bindExpr(a) }
            switch f {
            case .abs:
                guard bound.count == 1 else { throw BindError.arity("abs", expected: "one number", span: span) }
                try requireNumber(bound[0], "abs()")
            default:
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

extension Binder {
    /// `declining(n)`, `improving(n)`, `min(periods)`, `max(periods)`: functions of the row's
    /// own period series, so they need a metrics table.
    mutating func bindSeries(_ name: String, args: [Expr], span: SourceSpan) throws(Diagnostic) -> BoundExpr? {
        let isPeriods: Bool = { if args.count == 1, case .name(let n) = args[0].kind, n.lowercased() == "periods", table.index(of: n) == nil { return true } else { return false } }()
        let f: SeriesFunction
        switch name {
        case "declining": f = .declining
        case "improving": f = .improving
        case "min" where isPeriods: f = .periodMin
        case "max" where isPeriods: f = .periodMax
        default: return nil
        }
        guard table.kind == .metrics else {
            throw BindError.typeMismatch("\(name)() works on a metrics table's period values, and \(table.name) is a plain table", span: span)
        }
        if f == .periodMin || f == .periodMax { return BoundExpr(.series(f, 0), .number, span) }
        guard args.count == 1, case .number(let v) = args[0].kind, v >= 1, v == v.rounded(), v < 100 else {
            throw BindError.arity(name, expected: "a whole number of periods: \(name)(3)", span: span)
        }
        return BoundExpr(.series(f, Int(v)), .bool, span)
    }
}
