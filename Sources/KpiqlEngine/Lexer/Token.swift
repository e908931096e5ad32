/// One lexical token with the span of source text it came from.
public struct Token: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case identifier     // a field name or a symbol (`status`, `red`); `quoted` if in backticks
        case keyword(Keyword)
        case number(Double)
        case string(String)
        case parameter(String)  // `$priority`
        case op(String)         // = != < <= > >= + - * / ( ) , ;
        case end
    }

    public var kind: Kind
    public var span: SourceSpan
    /// The identifier as written (keywords and identifiers are matched case-insensitively).
    public var text: String
    /// The token is the first on its line (a clause there may start a new query missing its `;`).
    public var startsLine = false

    public init(_ kind: Kind, _ span: SourceSpan, _ text: String) {
        self.kind = kind
        self.span = span
        self.text = text
    }

    public func isOp(_ s: String) -> Bool { if case .op(let o) = kind { return o == s } else { return false } }
    public func isKeyword(_ k: Keyword) -> Bool { kind == .keyword(k) }

    /// How the token reads in an error message.
    public var describe: String {
        switch kind {
        case .identifier: return "'\(text)'"
        case .keyword(let k): return "keyword '\(k.rawValue)'"
        case .number: return "number \(text)"
        case .string: return "text \(text)"
        case .parameter(let p): return "parameter $\(p)"
        case .op(let o): return "'\(o)'"
        case .end: return "end of query"
        }
    }
}

/// The reserved words of the language. Field names may not use them unless quoted in backticks.
public enum Keyword: String, CaseIterable, Sendable {
    case from, `where`, select, group, order, by, limit, asc, desc, `as`
    case and, or, not, `in`, between, contains, starts, with, matches, `is`, missing
    case totals
    /// Joins and group filters (`from a join b on id`, `having`).
    case join, left, on, having
}
