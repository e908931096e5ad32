import Foundation

/// Binding of expressions: names, symbols, operators and functions.
extension Binder {
    mutating func bindExpr(_ e: Expr) throws(Diagnostic) -> BoundExpr {
        switch e.kind {
        case .name(let n):
            guard let i = table.index(of: n) else { throw unknownName(n, span: e.span) }
            return BoundExpr(.column(i), table.columns[i].type, e.span)
        case .number(let v): return BoundExpr(.number(v), .number, e.span)
        case .string(let s): return BoundExpr(.text(s), .text, e.span)
        case .parameter(let p):
            let v = try parameter(p, span: e.span)
            if let d = Double(v) { return BoundExpr(.number(d), .number, e.span) }
            return BoundExpr(.text(v), .text, e.span)
        case .negate(let inner):
            let b = try bindExpr(inner)
            try requireNumber(b, "'-'")
            return BoundExpr(.negate(b), .number, e.span)
        case .not(let inner):
            let b = try bindExpr(inner)
            try requireCondition(b, clause: "not")
            return BoundExpr(.not(b), .bool, e.span)
        case .binary(let op, let l, let r):
            if op.isLogical {
                let a = try bindExpr(l), b = try bindExpr(r)
                try requireCondition(a, clause: op.rawValue)
                try requireCondition(b, clause: op.rawValue)
                return BoundExpr(.logical(op, a, b), .bool, e.span)
            }
            if op.isArithmetic {
                let a = try bindExpr(l), b = try bindExpr(r)
                try requireNumber(a, "'\(op.rawValue)'")
                try requireNumber(b, "'\(op.rawValue)'")
                return BoundExpr(.arithmetic(op, a, b), .number, e.span)
            }
            let (a, b) = try bindPair(l, r)
            return BoundExpr(.compare(op, a, b), .bool, e.span)
        case .inList(let l, let items, let negated):
            let a = try bindExpr(l)
            let bs = try items.map { (i: Expr) throws(Diagnostic) -> BoundExpr in try bindOperand(i, against: a) }
            return BoundExpr(.inList(a, bs, negated: negated), .bool, e.span)
        case .between(let v, let lo, let hi, let negated):
            let a = try bindExpr(v)
            let b = try bindOperand(lo, against: a), c = try bindOperand(hi, against: a)
            return BoundExpr(.between(a, b, c, negated: negated), .bool, e.span)
        case .textMatch(let m, let l, let p, let negated):
            let a = try bindExpr(l)
            guard a.type == .text || { if case .enumeration = a.type { return true } else { return false } }() else {
                throw BindError.typeMismatch("'\(m.rawValue)' works on text, but '\(source.slice(a.span))' is a \(a.type)", span: a.span)
            }
            let pattern = try constantText(p, after: m.rawValue)
            var regex: LinearRegex?
            if m == .matches {
                do { regex = try LinearRegex(pattern) } catch {
                    // Point at the offending character inside the quotes when the pattern was typed in.
                    var span = p.span
                    if case .string = p.kind {
                        let at = p.span.start + 1 + String(pattern.unicodeScalars.prefix(error.offset)).utf8.count
                        span = SourceSpan(at, at + 1)
                    }
                    throw BindError.badRegex(pattern, span: span, reason: error.message)
                }
            }
            return BoundExpr(.textMatch(m, a, pattern: m == .matches ? pattern : pattern.lowercased(), regex: regex, negated: negated), .bool, e.span)
        case .isMissing(let inner, let negated):
            return BoundExpr(.isMissing(try bindExpr(inner), negated: negated), .bool, e.span)
        case .call(let name, let nameSpan, let args):
            return try bindCall(name, nameSpan: nameSpan, args: args, span: e.span)
        case .inGroup(let field, let group, let negated):
            return try bindInGroup(field, group: group, negated: negated, span: e.span)
        }
    }

    /// Both sides of a comparison; a bare word on one side is read as a value of the other.
    mutating func bindPair(_ l: Expr, _ r: Expr) throws(Diagnostic) -> (BoundExpr, BoundExpr) {
        if case .name(let n) = l.kind, table.index(of: n) == nil, isNameOfField(r) {
            let b = try bindExpr(r)
            return (try bindOperand(l, against: b), b)
        }
        let a = try bindExpr(l)
        return (a, try bindOperand(r, against: a))
    }

    private func isNameOfField(_ e: Expr) -> Bool {
        if case .name(let n) = e.kind { return table.index(of: n) != nil }
        return true
    }

    /// Binds `e` to be compared with `other`: symbols and quoted text become that field's values.
    mutating func bindOperand(_ e: Expr, against other: BoundExpr) throws(Diagnostic) -> BoundExpr {
        let field = fieldLabel(other)
        switch (e.kind, other.type) {
        case (.name(let n), .enumeration(let d)) where table.index(of: n) == nil:
            guard let c = d.code(of: n) else { throw BindError.unknownSymbol(n, field: field, domain: d, span: e.span) }
            return BoundExpr(.symbol(c, d), other.type, e.span)
        case (.string(let s), .enumeration(let d)):
            guard let c = d.code(of: s) else { throw BindError.unknownSymbol(s, field: field, domain: d, span: e.span) }
            return BoundExpr(.symbol(c, d), other.type, e.span)
        case (.parameter(let p), .enumeration(let d)):
            let v = try parameter(p, span: e.span)
            guard let c = d.code(of: v) else { throw BindError.unknownSymbol(v, field: "$\(p) for \(field)", domain: d, span: e.span) }
            return BoundExpr(.symbol(c, d), other.type, e.span)
        case (.parameter(let p), .text):
            return BoundExpr(.text(try parameter(p, span: e.span)), .text, e.span)
        case (.name(let n), .text) where table.index(of: n) == nil:
            // A bare word against a text field must be one of its values (any case).
            let values = distinctValues(of: other)
            if let hit = values.first(where: { $0.lowercased() == n.lowercased() }) { return BoundExpr(.text(hit), .text, e.span) }
            throw BindError.unknownTextValue(n, field: field, values: values, span: e.span)
        default:
            let b = try bindExpr(e)
            try requireComparable(other, b)
            return b
        }
    }

    func requireComparable(_ a: BoundExpr, _ b: BoundExpr) throws(Diagnostic) {
        if a.type == b.type && a.type != .bool { return }
        if case .missing = b.kind { return }
        throw BindError.typeMismatch("cannot compare \(fieldLabel(a)) (\(a.type)) with \(source.slice(b.span)) (\(b.type))",
                                     span: b.span, hint: hintFor(a))
    }

    func hintFor(_ a: BoundExpr) -> String? {
        switch a.type {
        case .enumeration(let d): return "\(fieldLabel(a)) is \(d.listed)"
        case .text: return "text values go in quotes: \"…\""
        case .number: return "numbers are written without quotes or % signs"
        case .bool: return nil
        }
    }

    func requireNumber(_ e: BoundExpr, _ what: String) throws(Diagnostic) {
        guard e.type == .number else {
            throw BindError.typeMismatch("\(what) needs a number, but '\(source.slice(e.span))' is \(e.type == .text ? "text" : "a \(e.type)")",
                                         span: e.span)
        }
    }

    func fieldLabel(_ e: BoundExpr) -> String {
        if case .column(let i) = e.kind { return table.columns[i].name }
        return "'\(source.slice(e.span))'"
    }

    func distinctValues(of e: BoundExpr) -> [String] {
        guard case .column(let i) = e.kind, case .text(_, let dict) = table.columns[i].data else { return [] }
        return dict.values
    }

    func parameter(_ name: String, span: SourceSpan) throws(Diagnostic) -> String {
        if let v = parameters[name] ?? parameters.first(where: { $0.key.lowercased() == name.lowercased() })?.value { return v }
        throw BindError.missingParameter(name, span: span, known: Array(parameters.keys))
    }

    func constantText(_ e: Expr, after op: String) throws(Diagnostic) -> String {
        switch e.kind {
        case .string(let s): return s
        case .parameter(let p): return try parameter(p, span: e.span)
        case .name(let n) where table.index(of: n) == nil: return n
        default:
            throw BindError.typeMismatch("'\(op)' needs text in quotes after it", span: e.span, hint: "for example: name \(op) \"children\"")
        }
    }
}
