/// Binding of the filters over groups: `having CONDITION` (over a grouped query's aggregates,
/// keys and select aliases) and `FIELD in group NAME` (membership of a `.group`).
extension Binder {
    mutating func bindHaving(_ q: Query, outputs: [BoundQuery.Output], keys: [BoundExpr]) throws(Diagnostic) -> BoundExpr? {
        guard let h = q.having else { return nil }
        guard q.groupBy != nil else { throw JoinError.havingWithoutGroup(q.havingSpan ?? h.span) }
        // A select alias stands for its expression, so `having n > 3` is `having count() > 3`.
        var aliases: [String: Expr] = [:]
        for item in q.select ?? [] { if let a = item.alias { aliases[a.text.lowercased()] = item.expr } }
        let saved = allowAggregates
        allowAggregates = true
        defer { allowAggregates = saved }
        let e = try bindExpr(h.replacingNames { aliases[$0.lowercased()] })
        try requireCondition(e, clause: "having")
        try checkGrouped(e, keys: keys)
        return e
    }

    /// `x in group NAME` is `x in (the group's members)`: text comparisons ignore case, as the
    /// group's own matching does. A group none of whose areas is a value of `x` is an error,
    /// since an empty answer would hide a misspelt or mismatched list.
    mutating func bindInGroup(_ field: Expr, group: Query.Name, negated: Bool, span: SourceSpan) throws(Diagnostic) -> BoundExpr {
        let x = try bindExpr(field)
        guard x.type == .text else { throw JoinError.groupOfText(fieldLabel(x), type: x.type, span: x.span) }
        guard let g = catalog.groups[group.text.lowercased()] else {
            throw ComparativeError.unknownGroup(group.text, groups: catalog.groups.values.map(\.name).sorted(), span: group.span)
        }
        let values = distinctValues(of: x)
        let present = Set(values.map { $0.lowercased() })
        if !values.isEmpty, !g.members.contains(where: { present.contains($0.lowercased()) }) {
            throw JoinError.noMemberIn(g, field: fieldLabel(x), values: values, span: group.span)
        }
        return BoundExpr(.inList(x, g.members.map { BoundExpr(.text($0), .text, group.span) }, negated: negated), .bool, span)
    }

    /// A field's name, or the expression's text, for messages.
    func fieldLabel(_ e: BoundExpr) -> String {
        if case .column(let i) = e.kind { return table.columns[i].name }
        return "'\(source.slice(e.span))'"
    }
}
