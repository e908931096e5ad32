/// Checks for the mistakes newcomers make most, each answered with the corrected query
/// (a `Fix`), run where the binder meets them. Kept apart from the binding rules so those
/// read as the language, and these as the help around it.
extension Binder {
    var bareNames: NameResolver { NameResolver(table: table) }

    /// `"council" = 'Sefton'`: in SQL double quotes name a column; in kpiql they are text, so
    /// the comparison would hold two constants and match nothing or everything.
    func checkQuotedFieldNames(_ l: Expr, _ r: Expr) throws(Diagnostic) {
        for (e, other) in [(l, r), (r, l)] {
            guard case .string(let s) = e.kind, isLiteral(other), let i = table.index(of: s) else { continue }
            let name = table.columns[i].name
            throw Diagnostic(.query, code: "K220", "\(source.slice(e.span)) is text in quotes, not the field \(name)", span: e.span,
                             hints: ["field names are written bare (or in backticks); quotes, single or double, hold text"],
                             fix: Fix(replacing: e.span, with: QueryPrinter.name(name), in: statement))
        }
    }

    /// `id = CYP-014` reads as the field CYP minus 14: a code with a hyphen is text and needs quotes.
    func checkUnquotedText(_ e: Expr) throws(Diagnostic) {
        guard case .binary(.sub, _, _) = e.kind else { return }
        let text = source.slice(e.span)
        guard let words = hyphenatedWords(e), !text.contains(where: { $0 == " " || $0 == "\t" || $0 == "\n" }),
              words.contains(where: { !bareNames.resolve($0).isField }) else { return }
        throw Diagnostic(.query, code: "K221", "\(text) reads as a subtraction; a code with '-' in it is text", span: e.span,
                         hints: ["text goes in quotes: \"\(text)\""],
                         fix: Fix(replacing: e.span, with: "\"\(text)\"", in: statement))
    }

    /// The bare words of `a-b-1` when it is only words and numbers joined by '-'; else nil.
    private func hyphenatedWords(_ e: Expr) -> [String]? {
        switch e.kind {
        case .name(let n): return [n]
        case .number: return []
        case .binary(.sub, let a, let b):
            guard let x = hyphenatedWords(a), let y = hyphenatedWords(b) else { return nil }
            return x + y
        default: return nil
        }
    }

    /// `priority = Children or Adults`: the second value is not a condition. Looks for a chain
    /// of values after one `FIELD = value` and offers `FIELD in (…)`.
    func checkValueChain(_ e: Expr) throws(Diagnostic) {
        guard case .binary(let op, _, _) = e.kind, op.isLogical, let (field, values) = valueChain(e, op: op) else { return }
        let list = "\(source.slice(field.span)) in (" + values.map { source.slice($0.span) }.joined(separator: ", ") + ")"
        let last = values[values.count - 1]
        throw Diagnostic(.query, code: "K222", "'\(source.slice(last.span))' on its own is not a condition", span: last.span,
                         hints: ["'\(op.rawValue)' joins two conditions; to accept any of several values, list them after 'in'",
                                 "or repeat the field: " + values.map { "\(source.slice(field.span)) = \(source.slice($0.span))" }
                                    .joined(separator: " or ")],
                         fix: Fix(replacing: e.span, with: list, in: statement))
    }

    /// (field, [value, value, …]) for `field = v1 or v2 or v3`, nil when any link is a condition.
    private func valueChain(_ e: Expr, op: BinaryOp) -> (Expr, [Expr])? {
        guard case .binary(let o, let l, let r) = e.kind else { return nil }
        if o == .eq { return (l, [r]) }
        guard o == op, isValueWord(r), let (field, values) = valueChain(l, op: op) else { return nil }
        return (field, values + [r])
    }

    private func isValueWord(_ e: Expr) -> Bool {
        if isLiteral(e) { return true }
        if case .name(let n) = e.kind { return !bareNames.resolve(n).isField }
        return false
    }

    /// `target = null`, `target != null`: kpiql has no null value; it tests with `is missing`.
    func checkNullComparison(_ op: BinaryOp, _ l: Expr, _ r: Expr, span: SourceSpan) throws(Diagnostic) {
        guard op == .eq || op == .ne else { return }
        for (word, other) in [(r, l), (l, r)] {
            guard case .name(let n) = word.kind, n.lowercased() == "null", !bareNames.resolve(n).isField else { continue }
            let test = op == .eq ? "is missing" : "is not missing"
            throw Diagnostic(.query, code: "K223", "kpiql has no null value; a field without a value is missing", span: word.span,
                             hints: ["test for it with 'FIELD \(test)'"],
                             fix: Fix(replacing: span, with: "\(source.slice(other.span)) \(test)", in: statement))
        }
    }

    /// `latest between 100 and 0` matches nothing: the smaller bound comes first.
    func checkBetweenBounds(_ low: BoundExpr, _ high: BoundExpr) throws(Diagnostic) {
        guard case .number(let a) = low.kind, case .number(let b) = high.kind, a > b else { return }
        let lo = source.slice(low.span), hi = source.slice(high.span)
        throw Diagnostic(.query, code: "K224", "'between \(lo) and \(hi)' matches nothing: \(lo) is larger than \(hi)", span: low.span.merged(with: high.span),
                         hints: ["write the smaller bound first"],
                         fix: Fix(replacing: low.span.merged(with: high.span), with: "\(hi) and \(lo)", in: statement))
    }

    /// `order by 2`: SQL's column position. kpiql orders by values, and a number is the same
    /// for every row, so name the column instead.
    func checkOrderByPosition(_ e: Expr, outputs: [BoundQuery.Output]) throws(Diagnostic) {
        guard case .number(let v) = e.kind else { return }
        var fix: Fix?
        var hints = ["order by a field or a select alias, for example: order by variance"]
        if v >= 1, v <= Double(outputs.count), v == v.rounded() {
            let name = outputs[Int(v) - 1].name
            fix = Fix(replacing: e.span, with: QueryPrinter.name(name), in: statement)
            hints = ["kpiql orders by values, not by column positions: name column \(Int(v)) (\(name)) instead"]
        }
        throw Diagnostic(.query, code: "K225", "cannot order by the number \(source.slice(e.span)): it is the same for every row",
                         span: e.span, hints: hints, fix: fix)
    }

    /// `latest > "10"` or `name = 5`: the fix drops or adds the quotes when that makes the types agree.
    func typeFix(_ a: BoundExpr, _ b: BoundExpr) -> Fix? {
        switch (a.type, b.kind) {
        case (.number, .text(let s)):
            let t = s.hasSuffix("%") ? String(s.dropLast()) : s
            guard let v = Double(t.trimmingCharacters(in: .whitespaces)) else { return nil }
            return Fix(replacing: b.span, with: NumberFormat.plain(v), in: statement)
        case (.text, .number):
            return Fix(replacing: b.span, with: "\"\(source.slice(b.span))\"", in: statement)
        default:
            return nil
        }
    }
}
