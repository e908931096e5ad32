/// The parser's answers to habits people bring from SQL (`like`, `is null`, `count(*)`,
/// `select distinct`, `offset`, `having`, `join`, `case`) and to unquoted text: each says what
/// kpiql writes instead, with the corrected statement where one follows from what was typed.
/// Kept apart from the grammar so that reads as the language and this as the help around it.
extension Parser {
    /// The statement being parsed, from its first token to its last (a `;` excluded).
    var statementSpan: SourceSpan {
        let real = tokens.filter { $0.kind != .end && !$0.isOp(";") }
        guard let first = real.first, let last = real.last else { return .none }
        return first.span.merged(with: last.span)
    }

    func fix(_ span: SourceSpan, _ replacement: String) -> Fix { Fix(replacing: span, with: replacement, in: statementSpan) }

    func isWord(_ t: Token, _ word: String) -> Bool {
        if case .identifier = t.kind { return t.text.lowercased() == word } else { return false }
    }

    /// `name like '%child%'` (or `ilike`, `not like`): kpiql's text tests, which ignore case.
    mutating func checkLike(negated: Bool, notToken: Token?) throws(Diagnostic) {
        guard isWord(current, "like") || isWord(current, "ilike") else { return }
        let like = current
        let start = notToken?.span ?? like.span
        let hints = ["kpiql tests text with contains, starts with and matches (a regular expression), all ignoring case"]
        let pattern: String
        switch peek().kind {
        case .string(let p): pattern = p
        case .identifier: pattern = "%" + peek().text + "%"   // `like child`: a word, read as a part to look for
        default: throw Diagnostic(.query, code: "K110", "kpiql has no '\(like.text.lowercased())'", span: like.span, hints: hints)
        }
        let not = negated ? "not " : ""
        let body = pattern.replacingOccurrences(of: "\"", with: "\"\"")
        let lead = pattern.hasPrefix("%")
        var core = Substring(pattern).dropFirst(lead ? 1 : 0)
        let trail = core.hasSuffix("%")
        if trail { core = core.dropLast() }
        let replacement: String
        if !core.contains("%") && !core.contains("_") {
            let quoted = "\"" + core.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            switch (lead, trail) {
            case (true, true): replacement = "\(not)contains \(quoted)"
            case (false, true): replacement = "\(not)starts with \(quoted)"
            case (true, false): replacement = "\(not)matches \"\(Parser.regexEscaped(String(core)))$\""
            case (false, false): replacement = negated ? "!= \(quoted)" : "= \(quoted)"
            }
        } else {
            // Wildcards in the middle: the same pattern as a regular expression.
            var regex = "^"
            for ch in body { regex += ch == "%" ? ".*" : ch == "_" ? "." : Parser.regexEscaped(String(ch)) }
            replacement = "\(not)matches \"\(regex)$\""
        }
        throw Diagnostic(.query, code: "K110", "kpiql has no '\(like.text.lowercased())'", span: like.span, hints: hints,
                         fix: fix(start.merged(with: peek().span), replacement))
    }

    static func regexEscaped(_ s: String) -> String {
        var out = ""
        for ch in s { if "\\.^$|?*+()[]{}".contains(ch) { out.append("\\") }; out.append(ch) }
        return out
    }

    /// `council = St Helens`: text with a space, written without quotes. The words after the
    /// value run up to the next keyword, operator or the end.
    func checkUnquotedWords(after value: Expr) throws(Diagnostic) {
        guard case .name(let first) = value.kind, case .identifier = current.kind,
              Parser.misspeltKeyword(current.text, in: Parser.clauseWords + ["and", "or", "not", "asc", "desc"]) == nil else { return }
        var words = [first], span = value.span, i = index
        while case .identifier = tokens[i].kind { words.append(tokens[i].text); span = span.merged(with: tokens[i].span); i += 1 }
        // `status = red status = amber` is a condition with its 'and' left out, not text.
        if Parser.startsCondition(tokens[i]) { return }
        let text = words.joined(separator: " ")
        throw Diagnostic(.query, code: "K111", "text with a space in it must be in quotes", span: span,
                         hints: ["without quotes, '\(first)' is read as a word and '\(words[1])' as the start of something else"],
                         fix: fix(span, "\"\(text)\""))
    }

    /// `target is null`: kpiql's word is missing.
    func checkIsNull(negated: Bool, from start: SourceSpan) throws(Diagnostic) {
        guard isWord(current, "null") else { return }
        throw Diagnostic(.query, code: "K112", "kpiql has no null: a field without a value is missing", span: current.span,
                         hints: ["write 'is missing' or 'is not missing'"],
                         fix: fix(start.merged(with: current.span), negated ? "is not missing" : "is missing"))
    }

    /// `status in red, amber`: the list goes in parentheses.
    mutating func inWithoutParentheses(_ inToken: Token) throws(Diagnostic) -> Never {
        let first = current
        guard let item = try? parseAdditive() else { throw ParseError.expected("'(' after 'in' (write 'in (a, b, c)')", found: first) }
        var span = item.span
        while acceptOp(",") != nil, let next = try? parseAdditive() { span = span.merged(with: next.span) }
        throw Diagnostic(.query, code: "K113", "the values after 'in' go in parentheses", span: span,
                         hints: ["write 'in (a, b, c)'"],
                         fix: Fix(edits: [.init(span: SourceSpan(span.start, span.start), replacement: "("),
                                          .init(span: SourceSpan(span.end, span.end), replacement: ")")], in: statementSpan))
    }

    /// `count(*)` is SQL for counting rows, which is kpiql's `count()`: accepted. Any other
    /// function with `*` needs a field.
    mutating func acceptStar(in name: Token) throws(Diagnostic) -> Bool {
        guard current.isOp("*"), peek().isOp(")") else { return false }
        if name.text.lowercased() == "count" { _ = advance(); return true }
        throw Diagnostic(.query, code: "K114", "\(name.text)(*) has no meaning: name the field", span: current.span,
                         hints: ["for example: \(name.text.lowercased())(latest); count() counts rows"])
    }

    /// `case when … then … end`: not part of kpiql.
    func checkCase(_ t: Token) throws(Diagnostic) {
        guard isWord(t, "case"), isWord(current, "when") else { return }
        throw Diagnostic(.query, code: "K115", "kpiql has no 'case' expressions", span: t.span,
                         hints: ["a condition is a value of its own: select id, latest >= target as met",
                                 "to count rows that meet a condition: count(status = red), or pct(status = red) for a percentage"])
    }

    /// `select distinct council`: kpiql's `group by council` lists each value once, with its count.
    func checkDistinct(_ select: Token) throws(Diagnostic) {
        guard isWord(current, "distinct"), !peek().isOp(","), peek().kind != .end else { return }
        throw Diagnostic(.query, code: "K116", "kpiql has no 'select distinct'", span: current.span,
                         hints: ["group by lists each distinct value once, with how many rows have it"],
                         fix: fix(select.span.merged(with: current.span), "group by"))
    }

    /// `limit 10 offset 5`: kpiql cannot skip rows; `limit 15` holds the ones asked for, last.
    func checkOffset(limit: Token, count: Int) throws(Diagnostic) {
        if current.isOp(","), case .number(let rows) = peek().kind, rows >= 0, rows == rows.rounded(), rows < 1e9 {
            // MySQL's `limit 5, 10`: skip 5, show 10.
            throw Diagnostic(.query, code: "K117", "'limit' takes one number: kpiql cannot skip rows", span: current.span.merged(with: peek().span),
                             hints: ["'limit N' keeps the first N rows; the rows you asked for are the last \(Int(rows)) of the corrected query"],
                             fix: fix(limit.span.merged(with: peek().span), "limit \(count + Int(rows))"))
        }
        guard isWord(current, "offset") else { return }
        var fixed: Fix?
        if case .number(let skip) = peek().kind, skip >= 0, skip == skip.rounded(), skip < 1e9 {
            fixed = fix(limit.span.merged(with: peek().span), "limit \(count + Int(skip))")
        }
        throw Diagnostic(.query, code: "K117", "kpiql has no 'offset'", span: current.span,
                         hints: ["'limit N' keeps the first N rows; the rows you asked for are the last \(count) of the corrected query"],
                         fix: fixed)
    }

    /// A token that follows the field of a condition: a comparison or a condition keyword.
    static func startsCondition(_ t: Token) -> Bool {
        if case .op(let o) = t.kind { return BinaryOp(rawValue: o)?.isComparison == true }
        return [.in, .between, .contains, .starts, .matches, .is].contains { t.isKeyword($0) }
    }

    static let clauseWords = ["from", "where", "select", "group", "having", "order", "limit"]

    /// The keyword a word is a typo of: one edit away for short words, two for longer ones.
    /// Tighter than `Suggest.closest`, since a wrong guess here rewrites the user's query.
    static func misspeltKeyword(_ word: String, in keywords: [String]) -> String? {
        let w = word.lowercased()
        let limit = w.count <= 4 ? 1 : 2
        return keywords.map { ($0, Suggest.distance(w, $0)) }.filter { $0.1 <= limit && $0.1 > 0 }.min { $0.1 < $1.1 }?.0
    }

    /// A word where a clause should start: a SQL clause kpiql does not have, a misspelt keyword
    /// (with the statement corrected), or anything else.
    func notAClause(_ t: Token, after clause: Keyword?) -> Diagnostic {
        if case .identifier = t.kind {
            switch t.text.lowercased() {
            case "inner", "right", "outer", "full", "cross", "using":
                return Diagnostic(.query, code: "K119", "kpiql has 'join' and 'left join', not '\(t.text.lowercased())'", span: t.span,
                                  hints: ["write: from A join B on KEY (rows in both) or from A left join B on KEY (every row of A); keys are field names, joined with 'and'"])
            case "offset":
                return Diagnostic(.query, code: "K117", "kpiql has no 'offset'", span: t.span,
                                  hints: ["'limit N' keeps the first N rows"])
            default: break
            }
            var words = Parser.clauseWords
            if clause != nil { words += ["and", "or", "desc", "asc"] }
            if let c = Parser.misspeltKeyword(t.text, in: words) {
                var d = ParseError.notAClause(t, afterClause: clause)
                d.hints = []
                d.fix = fix(t.span, c)
                return d
            }
            if clause == .where && index > 1, case .identifier = tokens[index - 1].kind,
               [.where, .and, .or, .not].contains(where: { tokens[index - 2].isKeyword($0) }) {
                // `where St Helens = council`: a condition that starts with words is text without quotes.
                var i = index, span = tokens[index - 1].span
                while case .identifier = tokens[i].kind { span = span.merged(with: tokens[i].span); i += 1 }
                let text = tokens[(index - 1)..<i].map(\.text).joined(separator: " ")
                return Diagnostic(.query, code: "K111", "text with a space in it must be in quotes", span: span,
                                  hints: ["without quotes, '\(tokens[index - 1].text)' is read as a word and '\(t.text)' as the start of something else"],
                                  fix: fix(span, "\"\(text)\""))
            }
            if clause == .where && index > 0 && Parser.startsCondition(peek()) {
                var d = ParseError.notAClause(t, afterClause: clause)
                d.fix = fix(SourceSpan(t.span.start, t.span.start), "and ")
                return d
            }
            if clause == .select && index > 0 {
                // `select id name`: a comma left out between two fields.
                var d = ParseError.notAClause(t, afterClause: nil)
                d.hints = ["separate the fields of select with commas"]
                d.fix = fix(SourceSpan(tokens[index - 1].span.end, t.span.start), ", ")
                return d
            }
        }
        return ParseError.notAClause(t, afterClause: clause)
    }

    /// A missing ')' at the end of a line: shown closed after the last thing before it.
    func unclosedParenthesis(_ d: Diagnostic) -> Diagnostic {
        guard index > 0 else { return d }
        var d = d
        let end = tokens[index - 1].span.end
        d.hints.removeAll { $0.contains("reserved word") }
        d.fix = fix(SourceSpan(end, end), ")")
        return d
    }
}
