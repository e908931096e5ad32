/// Factories for the parser's diagnostics (codes K1xx), kept next to the code that raises them.
enum ParseError {
    static func expected(_ what: String, found: Token) -> Diagnostic {
        var hints: [String] = []
        if found.kind == .end { hints.append("the query ends too early") }
        if case .keyword(let k) = found.kind, ![Keyword.and, .or, .not].contains(k) {
            hints.append("'\(k.rawValue)' is a reserved word; to use it as a field name, write it in backticks: `\(found.text)`")
        }
        return Diagnostic(.query, code: "K101", "expected \(what), found \(found.describe)", span: found.span, hints: hints)
    }

    static func notAClause(_ t: Token, afterClause: Keyword?) -> Diagnostic {
        var hints = ["a query is made of clauses: from, where, select, group by, having, order by, limit"]
        if t.isKeyword(.join) || t.isKeyword(.left) || t.isKeyword(.on) {
            hints = ["a join follows the first table: from A join B on KEY (or left join)"]
        }
        if case .identifier = t.kind, let c = Parser.misspeltKeyword(t.text, in: Parser.clauseWords) {
            hints = ["did you mean '\(c)'?"]
        } else if let after = afterClause, after == .where || after == .select {
            hints.insert("to combine conditions, join them with 'and' or 'or'", at: 0)
        }
        return Diagnostic(.query, code: "K102", "expected a clause (from, where, select, group by, having, order by, limit), found \(t.describe)",
                          span: t.span, hints: hints)
    }

    static func duplicateClause(_ k: Keyword, _ span: SourceSpan, first: SourceSpan, startsLine: Bool) -> Diagnostic {
        let word = k == .group || k == .order ? "\(k.rawValue) by" : k.rawValue
        let hint: String
        switch k {
        case .where: hint = "combine the conditions in one 'where' with 'and'"
        case .select, .group, .order: hint = "list several items in one '\(word)', separated by commas"
        default: hint = "each clause may appear once"
        }
        let hints = startsLine ? ["if this line starts a new query, end the query before it with ';'", hint] : [hint]
        return Diagnostic(.query, code: "K103", "'\(word)' appears twice in one query", span: span, hints: hints)
    }

    static func tooDeep(_ span: SourceSpan) -> Diagnostic {
        Diagnostic(.query, code: "K104", "the query is nested more than \(Parser.maxDepth) levels deep", span: span,
                   hints: ["remove some parentheses, or write a long chain of 'or' comparisons as 'FIELD in (…)'"])
    }

    static func percentSign(_ span: SourceSpan, number: String, fix: Fix? = nil) -> Diagnostic {
        Diagnostic(.query, code: "K105", "'%' after a number is not needed", span: span,
                   hints: ["percentages are plain numbers in kpiql: drop the %"], fix: fix)
    }

    static func missingAsValue(_ span: SourceSpan) -> Diagnostic {
        Diagnostic(.query, code: "K106", "'missing' is not a value", span: span,
                   hints: ["to test for a missing value write 'FIELD is missing' (or 'is not missing')"])
    }

    static func missingOn(table: String, found: Token, joinSpan: SourceSpan) -> Diagnostic {
        Diagnostic(.query, code: "K107", "a join needs 'on' and the fields that pair the rows, found \(found.describe)",
                   span: found.kind == .end ? joinSpan : found.span,
                   hints: ["write the key fields both tables hold: join \(table) on id and council"])
    }
}
