/// Writes a parsed query back as text in one canonical form: clauses in their fixed order,
/// keywords in lower case, parentheses only where precedence needs them. Parsing the output
/// gives the same tree again (a property test checks format → parse → format).
public enum QueryPrinter {
    public static func format(_ q: Query) -> String {
        var parts: [String] = []
        if let f = q.from { parts.append("from " + name(f.text) + (q.fromAlias.map { " as " + name($0.text) } ?? "") + joins(q.joins)) }
        if let w = q.filter { parts.append("where " + format(w)) }
        if let g = q.groupBy {
            parts.append("group by " + g.map { format($0) }.joined(separator: ", ") + (q.withTotals ? " with totals" : ""))
        }
        if let h = q.having { parts.append("having " + format(h)) }
        if q.selectAll { parts.append("select *") }
        else if let s = q.select {
            parts.append("select " + s.map { item in format(item.expr) + (item.alias.map { " as " + name($0.text) } ?? "") }.joined(separator: ", "))
        }
        if let o = q.orderBy { parts.append("order by " + o.map { format($0.expr) + ($0.descending ? " desc" : "") }.joined(separator: ", ")) }
        if let l = q.limit { parts.append("limit \(l)") }
        return parts.joined(separator: " ")
    }

    public static func format(_ e: Expr) -> String { format(e, min: 0) }

    /// Precedence levels: or 1, and 2, not 3, comparisons 4, + - 5, * / 6, unary minus 7, atoms 8.
    static func precedence(_ e: Expr) -> Int {
        switch e.kind {
        case .binary(let op, _, _): return op.precedence == 4 ? 4 : op.precedence
        case .not: return 3
        case .inList, .between, .textMatch, .isMissing, .inGroup: return 4
        case .negate: return 7
        case .number(let v): return v < 0 ? 7 : 8
        default: return 8
        }
    }

    static func format(_ e: Expr, min: Int) -> String {
        let text: String
        switch e.kind {
        case .name(let n): text = name(n)
        case .number(let v): text = NumberFormat.plain(v)
        case .string(let s): text = "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        case .parameter(let p): text = "$" + p
        case .negate(let x):
            // "--" would start a comment, so a minus before a minus gets a space.
            let inner = format(x, min: 7)
            text = (inner.hasPrefix("-") ? "- " : "-") + inner
        case .not(let x): text = "not " + format(x, min: 3)
        case .binary(let op, let l, let r):
            let p = precedence(e)
            // Left-associative: the right operand needs a tighter level than the operator's own.
            let word = op == .and || op == .or ? op.rawValue : op.rawValue
            text = format(l, min: p == 4 ? 5 : p) + " " + word + " " + format(r, min: p + 1)
        case .inList(let x, let items, let negated):
            text = format(x, min: 5) + (negated ? " not in (" : " in (") + items.map { format($0, min: 5) }.joined(separator: ", ") + ")"
        case .between(let x, let lo, let hi, let negated):
            text = format(x, min: 5) + (negated ? " not between " : " between ") + format(lo, min: 5) + " and " + format(hi, min: 5)
        case .textMatch(let m, let x, let pattern, let negated):
            text = format(x, min: 5) + (negated ? " not " : " ") + m.rawValue + " " + format(pattern, min: 5)
        case .isMissing(let x, let negated):
            text = format(x, min: 5) + (negated ? " is not missing" : " is missing")
        case .inGroup(let x, let g, let negated):
            text = format(x, min: 5) + (negated ? " not in group " : " in group ") + name(g.text)
        case .call("by", _, let args) where args.count == 1:
            text = "by " + format(args[0], min: 5)
        case .call(let f, _, let args):
            text = f + "(" + args.map { format($0, min: 0) }.joined(separator: ", ") + ")"
        }
        return precedence(e) < min ? "(" + text + ")" : text
    }

    /// A field name as written: bare when it is a plain word, in backticks otherwise.
    static func name(_ n: String) -> String {
        // A qualified name (`was.status`) reads back as written when both parts are plain.
        let parts = n.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 2, parts.allSatisfy({ name(String($0)) == String($0) && !$0.isEmpty }) { return n }
        let plain = n.first.map { $0.isLetter || $0 == "_" } == true && n.allSatisfy { ($0.isLetter || $0.isNumber || $0 == "_") && $0.isASCII }
        return plain && Keyword(rawValue: n.lowercased()) == nil ? n : "`" + n + "`"
    }
}
