/// A parsed query: each clause at most once, in any order as written; the meaning is fixed
/// (from → where → group → select → order → limit).
public struct Query: Equatable, Sendable {
    public struct Name: Equatable, Sendable {
        public var text: String
        public var span: SourceSpan
    }

    public struct SelectItem: Equatable, Sendable {
        public var expr: Expr
        public var alias: Name?
        public var span: SourceSpan { alias.map { expr.span.merged(with: $0.span) } ?? expr.span }
    }

    public struct OrderItem: Equatable, Sendable {
        public var expr: Expr
        public var descending: Bool
        public var span: SourceSpan
    }

    public var from: Name?
    /// `from metrics as now`: the name the table goes by in a join.
    public var fromAlias: Name?
    /// `join B on KEY [and KEY…]`, `left join …`, in the order written.
    public var joins: [JoinClause] = []
    public var filter: Expr?
    /// nil when the query has no `select` (the table's default fields are shown).
    public var select: [SelectItem]?
    /// `select *`: every field of the table.
    public var selectAll = false
    public var groupBy: [Expr]?
    /// `group by … with totals`: a total row after the groups.
    public var withTotals = false
    /// `having CONDITION`: keeps the groups whose aggregates pass it.
    public var having: Expr?
    /// The `having` keyword, for "having needs a group by".
    public var havingSpan: SourceSpan?
    public var orderBy: [OrderItem]?
    public var limit: Int?
    public var limitSpan: SourceSpan?
    public var span: SourceSpan

    public init(span: SourceSpan) { self.span = span }
}
