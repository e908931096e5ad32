/// One `join B [as ALIAS] on KEY [and KEY…]` (or `left join …`) after `from A [as ALIAS]`.
///
/// A key names a field that both tables hold (`on id and council`): the rows pair up where
/// every key is equal. Fields of the tables are then `A.field` and `B.field` (or the aliases).
public struct JoinClause: Equatable, Sendable {
    public enum Kind: String, Equatable, Sendable { case inner = "join", left = "left join" }

    public var kind: Kind
    public var table: Query.Name
    public var alias: Query.Name?
    public var keys: [Query.Name]
    /// From `join` (or `left`) to the last key, for errors about the join as a whole.
    public var span: SourceSpan

    /// The name the joined table goes by in qualified names.
    public var name: Query.Name { alias ?? table }
}

extension Parser {
    /// `from TABLE [as ALIAS] [[left] join TABLE [as ALIAS] on KEY [and KEY…]]…`
    mutating func parseFrom(into q: inout Query) throws(Diagnostic) {
        guard case .identifier = current.kind else { throw ParseError.expected("a table name after 'from'", found: current) }
        let name = advance()
        q.from = Query.Name(text: name.text, span: name.span)
        q.fromAlias = try parseTableAlias()
        while current.isKeyword(.join) || current.isKeyword(.left) {
            q.joins.append(try parseJoin())
        }
    }

    private mutating func parseTableAlias() throws(Diagnostic) -> Query.Name? {
        guard accept(.as) != nil else { return nil }
        guard case .identifier = current.kind, !current.text.contains(".") else {
            throw ParseError.expected("a name for the table after 'as' (for example: from metrics as now)", found: current)
        }
        let t = advance()
        return Query.Name(text: t.text, span: t.span)
    }

    private mutating func parseJoin() throws(Diagnostic) -> JoinClause {
        let start = current.span
        var kind = JoinClause.Kind.inner
        if accept(.left) != nil {
            kind = .left
            _ = try expect(.join, "after 'left' (write 'left join TABLE on KEY')")
        } else {
            _ = advance()
        }
        guard case .identifier = current.kind else { throw ParseError.expected("a table name after '\(kind.rawValue)'", found: current) }
        let t = advance()
        let table = Query.Name(text: t.text, span: t.span)
        let alias = try parseTableAlias()
        guard accept(.on) != nil else {
            throw ParseError.missingOn(table: alias?.text ?? table.text, found: current, joinSpan: start.merged(with: (alias ?? table).span))
        }
        var keys: [Query.Name] = []
        repeat {
            guard case .identifier = current.kind else {
                throw ParseError.expected("a key field after '\(keys.isEmpty ? "on" : "and")' (a field both tables hold, such as id)", found: current)
            }
            let k = advance()
            keys.append(Query.Name(text: k.text, span: k.span))
            // SQL's `on a.id = b.id`: kpiql names the key once, since both tables hold it.
            if current.isOp("=") || current.isOp("==") {
                let eq = current
                let field = k.text.split(separator: ".").last.map(String.init) ?? k.text
                throw Diagnostic(.query, code: "K131", "a join key is a field both tables hold, named once: on \(field)", span: eq.span,
                                 hints: ["write: join \(table.text) on \(field) (several keys: on id and council); the rows pair up where the key is equal"])
            }
        } while accept(.and) != nil
        // `on id, council`: SQL's USING list. Several keys are joined with 'and'.
        if current.isOp(","), case .identifier = peek().kind {
            throw Diagnostic(.query, code: "K131", "join keys are joined with 'and', not a comma", span: current.span,
                             hints: ["the rows pair up where every key is equal"],
                             fix: fix(current.span, " and"))
        }
        return JoinClause(kind: kind, table: table, alias: alias, keys: keys, span: start.merged(with: keys.last!.span))
    }
}

extension QueryPrinter {
    static func joins(_ joins: [JoinClause]) -> String {
        joins.map { j in
            " \(j.kind.rawValue) " + name(j.table.text) + (j.alias.map { " as " + name($0.text) } ?? "")
                + " on " + j.keys.map { name($0.text) }.joined(separator: " and ")
        }.joined()
    }
}
