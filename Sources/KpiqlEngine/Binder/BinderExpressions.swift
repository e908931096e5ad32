import Foundation

/// Binding of expressions: names, symbols, operators and functions.
extension Binder {
    mutating func bindExpr(_ e: Expr) throws(Diagnostic) -> BoundExpr {
        switch e.kind {
        case .name(let n):
            guard case .field(let i) = bareNames.resolve(n) else { throw unknownField(n, span: e.span) }
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
                try checkValueChain(e)
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
            try checkNullComparison(op, l, r, span: e.span)
            let (a, b) = try bindPair(l, r)
            return BoundExpr(.compare(op, a, b), .bool, e.span)
        case .inList(let l, let items, let negated):
            let a = try bindExpr(l)
            let bs = try items.map { (i: Expr) throws(Diagnostic) -> BoundExpr in try bindOperand(i, against: a) }
            return BoundExpr(.inList(a, bs, negated: negated), .bool, e.span)
        case .between(let v, let lo, let hi, let negated):
            let a = try bindExpr(v)
            let b = try bindOperand(lo, against: a), c = try bindOperand(hi, against: a)
            try checkBetweenBounds(b, c)
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

    /// Both sides of a comparison, with every bare word already resolved (`NameResolver`):
    /// - a field on either side decides what the other side means (its domain checks it);
    /// - a word that names no field, against a literal or another such word, is a misspelt field;
    /// - anything else is bound as it stands and the types must agree.
    mutating func bindPair(_ l: Expr, _ r: Expr) throws(Diagnostic) -> (BoundExpr, BoundExpr) {
        let ln = bareNames.resolve(l), rn = bareNames.resolve(r)
        if ln?.name.isField != true, rn?.name.isField == true {
            let b = try bindExpr(r)
            return (try bindOperand(l, against: b), b)
        }
        if let ln, !ln.name.isField, rn != nil || isLiteral(r) {
            // Of two words neither of which is a field, the misspelt field is the one that is not
            // a symbol, or failing that the one that is near a field's name.
            if let rn, rn.name == .unresolved,
               ln.name != .unresolved || (bareNames.nearestFields(to: ln.word).isEmpty && !bareNames.nearestFields(to: rn.word).isEmpty) {
                throw unknownField(rn.word, span: r.span)
            }
            throw unknownField(ln.word, span: l.span)
        }
        if let rn, !rn.name.isField, isLiteral(l) { throw unknownField(rn.word, span: r.span) }
        try checkQuotedFieldNames(l, r)
        let a = try bindExpr(l)
        return (a, try bindOperand(r, against: a))
    }

    /// A number, quoted text or parameter: a value as written.
    func isLiteral(_ e: Expr) -> Bool {
        switch e.kind {
        case .number, .string, .parameter: return true
        default: return false
        }
    }

    func unknownField(_ word: String, span: SourceSpan) -> Diagnostic {
        // In a join, a bare name both tables hold, or an unknown `x.field`, says so first.
        scope?.problem(with: word, span: span) ?? BindError.unknownField(word, span: span, table: table, nearest: bareNames.nearestFields(to: word))
    }

    /// Binds `e` to be compared with `other`: symbols and quoted text become that field's values.
    mutating func bindOperand(_ e: Expr, against other: BoundExpr) throws(Diagnostic) -> BoundExpr {
        let subject = self.subject(of: other)
        let isField = bareNames.resolve(e)?.name.isField == true
        switch (e.kind, other.type) {
        case (.name(let n), .enumeration(let d)) where !isField:
            guard let c = d.code(of: n) else { throw BindError.unknownSymbol(n, of: subject, domain: d, span: e.span) }
            return BoundExpr(.symbol(c, d), other.type, e.span)
        case (.string(let s), .enumeration(let d)):
            guard let c = d.code(of: s) else { throw BindError.unknownSymbol(s, of: subject, domain: d, span: e.span) }
            return BoundExpr(.symbol(c, d), other.type, e.span)
        case (.parameter(let p), .enumeration(let d)):
            let v = try parameter(p, span: e.span)
            guard let c = d.code(of: v) else { throw BindError.unknownSymbol(v, of: subject, domain: d, span: e.span, via: p) }
            return BoundExpr(.symbol(c, d), other.type, e.span)
        case (.parameter(let p), .text):
            return BoundExpr(.text(try parameter(p, span: e.span)), .text, e.span)
        case (.name(let n), .text) where !isField:
            // A bare word against a text field must be one of its values (any case). The values
            // of a table whose rows are on a server are not here: the word is taken as written
            // (text comparisons ignore case, so its case does not matter).
            if table.rowsOnServer { return BoundExpr(.text(n), .text, e.span) }
            let values = distinctValues(of: other)
            if let hit = values.first(where: { $0.lowercased() == n.lowercased() }) { return BoundExpr(.text(hit), .text, e.span) }
            throw BindError.unknownTextValue(n, of: subject, values: values, span: e.span)
        default:
            try checkUnquotedText(e)
            let b = try bindExpr(e)
            try requireComparable(other, b)
            return b
        }
    }

    func requireComparable(_ a: BoundExpr, _ b: BoundExpr) throws(Diagnostic) {
        if a.type == b.type && a.type != .bool { return }
        if case .missing = b.kind { return }
        // Between two fields the types are the whole story; a hint about writing values would mislead.
        let bothFields = subject(of: a).fieldName != nil && subject(of: b).fieldName != nil
        throw BindError.cannotCompare(subject(of: a), a.type, with: subject(of: b), b.type, span: b.span,
                                      hint: bothFields ? nil : hintFor(a), fix: typeFix(a, b))
    }

    func hintFor(_ a: BoundExpr) -> String? {
        switch a.type {
        case .enumeration(let d): return "\(subject(of: a).described) is \(d.listed)"
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

    /// What a bound expression is, for a diagnostic: a field, a literal as written, a symbol,
    /// or some other expression.
    func subject(of e: BoundExpr) -> Subject {
        switch e.kind {
        case .column(let i): return .field(table.columns[i].name)
        case .number, .text, .missing: return .literal(source.slice(e.span))
        case .symbol: return .symbol(source.slice(e.span))
        default: return .expression(source.slice(e.span))
        }
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
