/// Builds a `Query` from tokens by recursive descent. Clauses come in any order, each once.
///
/// Every error points at the token that could not be used and says what would have fitted.
public struct Parser {
    var tokens: [Token]
    var index = 0
    var depth = 0
    /// Deep enough for any real query, shallow enough that the binder's and evaluator's
    /// recursion over the tree cannot exhaust a thread's stack.
    public static let maxDepth = 200

    public init(tokens: [Token]) { self.tokens = tokens }

    /// Parses one whole query (the tokens of one statement).
    public static func parse(_ text: String, base: Int = 0) throws(Diagnostic) -> Query {
        var parser = Parser(tokens: try Lexer.tokenize(text, base: base))
        let query = try parser.parseQuery()
        // One statement at a time: anything after its `;` is an error, not silently dropped.
        guard parser.current.kind == .end else {
            throw ParseError.expected("the end of the query after ';'", found: parser.current)
        }
        return query
    }

    /// The token being looked at; at the end of the query, a point just after the last token,
    /// so "ends too early" carets sit on the line the user was typing.
    var current: Token {
        let t = tokens[index]
        guard t.kind == .end, index > 0 else { return t }
        let end = tokens[index - 1].span.end
        return Token(.end, SourceSpan(end, end + 1), "")
    }
    func peek(_ n: Int = 1) -> Token { tokens[min(index + n, tokens.count - 1)] }

    mutating func advance() -> Token {
        let t = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return t
    }

    mutating func accept(_ k: Keyword) -> Token? { current.isKeyword(k) ? advance() : nil }
    mutating func acceptOp(_ o: String) -> Token? { current.isOp(o) ? advance() : nil }

    mutating func expect(_ k: Keyword, _ context: String) throws(Diagnostic) -> Token {
        if let t = accept(k) { return t }
        var d = ParseError.expected("'\(k.rawValue)' \(context)", found: current)
        // `order variance`, `group council`: the missing word is put back.
        if k == .by, current.kind != .end { d.fix = fix(SourceSpan(current.span.start, current.span.start), "by ") }
        throw d
    }

    mutating func expectOp(_ o: String, _ context: String) throws(Diagnostic) -> Token {
        if let t = acceptOp(o) { return t }
        let d = ParseError.expected("'\(o)' \(context)", found: current)
        throw o == ")" ? unclosedParenthesis(d) : d
    }

    public mutating func parseQuery() throws(Diagnostic) -> Query {
        let start = current.span
        var q = Query(span: start)
        var seen: [Keyword: SourceSpan] = [:]
        while current.kind != .end && !current.isOp(";") {
            let t = current
            guard case .keyword(let k) = t.kind, [.from, .where, .select, .group, .order, .limit, .having].contains(k) else {
                throw notAClause(t, after: seen.isEmpty ? nil : lastClause(seen))
            }
            if let first = seen[k] {
                throw ParseError.duplicateClause(k, t.span, first: first, startsLine: t.startsLine)
            }
            seen[k] = t.span
            _ = advance()
            switch k {
            case .from:
                try parseFrom(into: &q)
            case .where:
                q.filter = try parseExpr()
            case .select:
                try checkDistinct(t)
                if let star = acceptOp("*") {
                    q.selectAll = true
                    q.select = []
                    _ = star
                } else {
                    q.select = try parseList { (p: inout Parser) throws(Diagnostic) in try p.parseSelectItem() }
                }
            case .group:
                _ = try expect(.by, "after 'group' (write 'group by FIELD')")
                q.groupBy = try parseList { (p: inout Parser) throws(Diagnostic) in try p.parseExpr() }
                if accept(.with) != nil { _ = try expect(.totals, "after 'with' (write 'with totals')"); q.withTotals = true }
            case .order:
                _ = try expect(.by, "after 'order' (write 'order by FIELD')")
                q.orderBy = try parseList { (p: inout Parser) throws(Diagnostic) in try p.parseOrderItem() }
            case .having:
                q.havingSpan = t.span
                q.having = try parseExpr()
            case .limit:
                let n = current
                guard case .number(let v) = n.kind, v >= 0, v == v.rounded(), v < 1e12 else {
                    throw ParseError.expected("a whole number after 'limit'", found: current)
                }
                _ = advance()
                try checkOffset(limit: t, count: Int(v))
                q.limit = Int(v)
                q.limitSpan = n.span
            default: break
            }
            lastClauseEnd = tokens[max(0, index - 1)].span
        }
        q.span = start.merged(with: tokens[max(0, index - 1)].span)
        if current.isOp(";") { _ = advance() }
        return q
    }

    var lastClauseEnd = SourceSpan.none

    private func lastClause(_ seen: [Keyword: SourceSpan]) -> Keyword? {
        seen.max(by: { $0.value.start < $1.value.start })?.key
    }

    mutating func parseList<T>(_ item: (inout Parser) throws(Diagnostic) -> T) throws(Diagnostic) -> [T] {
        var items = [try item(&self)]
        while acceptOp(",") != nil { items.append(try item(&self)) }
        return items
    }

    mutating func parseSelectItem() throws(Diagnostic) -> Query.SelectItem {
        let e = try parseExpr()
        var alias: Query.Name?
        if accept(.as) != nil {
            guard case .identifier = current.kind else { throw ParseError.expected("a name after 'as'", found: current) }
            let t = advance()
            alias = Query.Name(text: t.text, span: t.span)
        }
        return Query.SelectItem(expr: e, alias: alias)
    }

    mutating func parseOrderItem() throws(Diagnostic) -> Query.OrderItem {
        let e = try parseExpr()
        var desc = false
        var span = e.span
        if let t = accept(.desc) { desc = true; span = span.merged(with: t.span) }
        else if let t = accept(.asc) { span = span.merged(with: t.span) }
        return Query.OrderItem(expr: e, descending: desc, span: span)
    }
}
