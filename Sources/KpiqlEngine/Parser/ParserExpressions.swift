/// The expression grammar, loosest first:
/// `or` < `and` < `not` < comparison / `in` / `between` / text match / `is missing` < `+ -` < `* /` < unary `-`.
extension Parser {
    public mutating func parseExpr() throws(Diagnostic) -> Expr {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Parser.maxDepth else { throw ParseError.tooDeep(current.span) }
        return try parseOr()
    }

    /// Each operator in a chain (`a or b or c`) nests the tree one level deeper, so it counts
    /// against the same depth limit as parentheses: later stages recurse over the tree.
    mutating func deepen(_ at: SourceSpan, _ levels: inout Int) throws(Diagnostic) {
        levels += 1
        depth += 1
        guard depth <= Parser.maxDepth else { throw ParseError.tooDeep(at) }
    }

    mutating func parseOr() throws(Diagnostic) -> Expr {
        var levels = 0
        defer { depth -= levels }
        var lhs = try parseAnd()
        while current.isKeyword(.or) {
            try deepen(current.span, &levels)
            _ = advance()
            let rhs = try parseAnd()
            lhs = Expr(.binary(.or, lhs, rhs), lhs.span.merged(with: rhs.span))
        }
        return lhs
    }

    mutating func parseAnd() throws(Diagnostic) -> Expr {
        var levels = 0
        defer { depth -= levels }
        var lhs = try parseNot()
        while current.isKeyword(.and) {
            try deepen(current.span, &levels)
            _ = advance()
            let rhs = try parseNot()
            lhs = Expr(.binary(.and, lhs, rhs), lhs.span.merged(with: rhs.span))
        }
        return lhs
    }

    mutating func parseNot() throws(Diagnostic) -> Expr {
        if let t = accept(.not) {
            depth += 1
            defer { depth -= 1 }
            guard depth <= Parser.maxDepth else { throw ParseError.tooDeep(t.span) }
            let operand = try parseNot()
            return Expr(.not(operand), t.span.merged(with: operand.span))
        }
        return try parseComparison()
    }

    mutating func parseComparison() throws(Diagnostic) -> Expr {
        let lhs = try parseAdditive()
        if case .op(let o) = current.kind, let op = BinaryOp(rawValue: o), op.isComparison {
            _ = advance()
            let rhs = try parseAdditive()
            try checkUnquotedWords(after: rhs)
            return Expr(.binary(op, lhs, rhs), lhs.span.merged(with: rhs.span))
        }
        var negated = false
        var notToken: Token?
        if current.isKeyword(.not), [.in, .between, .contains, .starts, .matches].contains(where: { peek().isKeyword($0) })
            || isWord(peek(), "like") || isWord(peek(), "ilike") {
            notToken = advance()
            negated = true
        }
        try checkLike(negated: negated, notToken: notToken)
        if let inToken = accept(.in) {
            if let g = accept(.group) {
                guard case .identifier = current.kind else {
                    throw ParseError.expected("a comparator group's name after 'in group' (define one with .group NAME …)", found: current)
                }
                let name = advance()
                return Expr(.inGroup(lhs, group: Query.Name(text: name.text, span: name.span), negated: negated),
                            lhs.span.merged(with: g.span).merged(with: name.span))
            }
            if !current.isOp("(") { try inWithoutParentheses(inToken) }
            _ = try expectOp("(", "after 'in' (write 'in (a, b, c)' or 'in group NAME')")
            var items: [Expr] = []
            if !current.isOp(")") {
                items = try parseList { (p: inout Parser) throws(Diagnostic) in
                    let item = try p.parseAdditive()
                    try p.checkUnquotedWords(after: item)
                    return item
                }
            }
            let close = try expectOp(")", "to close the 'in' list")
            return Expr(.inList(lhs, items, negated: negated), lhs.span.merged(with: close.span))
        }
        if accept(.between) != nil {
            let low = try parseAdditive()
            _ = try expect(.and, "between the two bounds (write 'between 1 and 5')")
            let high = try parseAdditive()
            return Expr(.between(lhs, low: low, high: high, negated: negated), lhs.span.merged(with: high.span))
        }
        if let match = textMatchOperator() {
            let pattern = try parseAdditive()
            return Expr(.textMatch(match, lhs, pattern: pattern, negated: negated), lhs.span.merged(with: pattern.span))
        }
        if let isToken = accept(.is) {
            let neg = accept(.not) != nil
            try checkIsNull(negated: neg, from: isToken.span)
            let t = try expect(.missing, "after 'is' (write 'is missing' or 'is not missing')")
            return Expr(.isMissing(lhs, negated: neg), lhs.span.merged(with: t.span))
        }
        return lhs
    }

    private mutating func textMatchOperator() -> TextMatch? {
        if accept(.contains) != nil { return .contains }
        if accept(.matches) != nil { return .matches }
        if current.isKeyword(.starts) && peek().isKeyword(.with) { _ = advance(); _ = advance(); return .startsWith }
        return nil
    }

    mutating func parseAdditive() throws(Diagnostic) -> Expr {
        var levels = 0
        defer { depth -= levels }
        var lhs = try parseMultiplicative()
        while case .op(let o) = current.kind, o == "+" || o == "-" {
            try deepen(current.span, &levels)
            _ = advance()
            let rhs = try parseMultiplicative()
            lhs = Expr(.binary(o == "+" ? .add : .sub, lhs, rhs), lhs.span.merged(with: rhs.span))
        }
        return lhs
    }

    mutating func parseMultiplicative() throws(Diagnostic) -> Expr {
        var levels = 0
        defer { depth -= levels }
        var lhs = try parseUnary()
        while case .op(let o) = current.kind, o == "*" || o == "/" {
            try deepen(current.span, &levels)
            _ = advance()
            let rhs = try parseUnary()
            lhs = Expr(.binary(o == "*" ? .mul : .div, lhs, rhs), lhs.span.merged(with: rhs.span))
        }
        return lhs
    }

    mutating func parseUnary() throws(Diagnostic) -> Expr {
        if let t = acceptOp("-") {
            depth += 1
            defer { depth -= 1 }
            guard depth <= Parser.maxDepth else { throw ParseError.tooDeep(t.span) }
            let operand = try parseUnary()
            if case .number(let v) = operand.kind { return Expr(.number(-v), t.span.merged(with: operand.span)) }
            return Expr(.negate(operand), t.span.merged(with: operand.span))
        }
        return try parsePrimary()
    }

    mutating func parsePrimary() throws(Diagnostic) -> Expr {
        let t = current
        switch t.kind {
        case .number(let v):
            _ = advance()
            if current.isOp("%") { throw ParseError.percentSign(current.span, number: t.text, fix: fix(current.span, "")) }
            return Expr(.number(v), t.span)
        case .string(let s):
            _ = advance()
            return Expr(.string(s), t.span)
        case .parameter(let p):
            _ = advance()
            return Expr(.parameter(p), t.span)
        case .identifier:
            _ = advance()
            try checkCase(t)
            if acceptOp("(") != nil {
                var args: [Expr] = []
                if try !acceptStar(in: t) && !current.isOp(")") {
                    args = try parseList { (p: inout Parser) throws(Diagnostic) in try p.parseArgument() }
                }
                let close = try expectOp(")", "to close the call to \(t.text)()")
                return Expr(.call(t.text.lowercased(), nameSpan: t.span, args: args), t.span.merged(with: close.span))
            }
            return Expr(.name(t.text), t.span)
        case .op("("):
            _ = advance()
            let inner = try parseExpr()
            let close = try expectOp(")", "to close the '(' opened here")
            var e = inner
            e.span = t.span.merged(with: close.span)
            return e
        case .keyword(.missing):
            throw ParseError.missingAsValue(t.span)
        default:
            throw ParseError.expected("a value, a field name or '('", found: t)
        }
    }

    /// A call's argument; `by FIELD` (as in `rank(latest, by region)`) becomes the call `by(FIELD)`,
    /// which only the comparative functions accept: the keyword cannot start a call of its own.
    mutating func parseArgument() throws(Diagnostic) -> Expr {
        guard let by = accept(.by) else { return try parseExpr() }
        let e = try parseExpr()
        return Expr(.call("by", nameSpan: by.span, args: [e]), by.span.merged(with: e.span))
    }
}
