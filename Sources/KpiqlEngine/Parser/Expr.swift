/// A parsed expression: what the user wrote, with its span. Names are not yet resolved —
/// `red` may be a field or a symbol; the binder decides (see `BoundExpr`).
public struct Expr: Equatable, Sendable {
    public indirect enum Kind: Equatable, Sendable {
        /// A bare word: a field name, or a symbol such as `red` compared with a field.
        case name(String)
        case number(Double)
        case string(String)
        case parameter(String)
        case negate(Expr)
        case not(Expr)
        case binary(BinaryOp, Expr, Expr)
        case inList(Expr, [Expr], negated: Bool)
        case between(Expr, low: Expr, high: Expr, negated: Bool)
        case textMatch(TextMatch, Expr, pattern: Expr, negated: Bool)
        case isMissing(Expr, negated: Bool)
        /// `name(args)`; `nameSpan` points at the name alone for "unknown function" carets.
        case call(String, nameSpan: SourceSpan, args: [Expr])
        /// `area in group neighbours`: membership of a comparator group defined with `.group`.
        case inGroup(Expr, group: Query.Name, negated: Bool)
    }

    public var kind: Kind
    public var span: SourceSpan

    public init(_ kind: Kind, _ span: SourceSpan) {
        self.kind = kind
        self.span = span
    }
}

/// Binary operators, from loosest to tightest: or, and, comparisons, + -, * /.
public enum BinaryOp: String, Equatable, Sendable {
    case or, and
    case eq = "=", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
    case add = "+", sub = "-", mul = "*", div = "/"

    public var isComparison: Bool { [.eq, .ne, .lt, .le, .gt, .ge].contains(self) }
    public var isArithmetic: Bool { [.add, .sub, .mul, .div].contains(self) }
    public var isLogical: Bool { self == .and || self == .or }

    var precedence: Int {
        switch self {
        case .or: return 1
        case .and: return 2
        case .eq, .ne, .lt, .le, .gt, .ge: return 4
        case .add, .sub: return 5
        case .mul, .div: return 6
        }
    }
}

/// The text operators: `contains`, `starts with`, `matches` (a regular expression).
public enum TextMatch: String, Equatable, Sendable {
    case contains, startsWith = "starts with", matches
}
