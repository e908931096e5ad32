/// Checks a parsed `Query` against the catalog and produces a `BoundQuery`: the table is
/// found, every name resolved to a column or a symbol, every type checked, and grouped
/// queries checked to only show group keys and aggregates.
public struct Binder {
    public let catalog: Catalog
    public let source: SourceFile
    public let parameters: [String: String]
    let defaultTable: String
    var table: Table!
    var allowAggregates = false
    /// The query's own text, which a "did you mean" fix rewrites.
    var statement = SourceSpan.none
    /// The tables of a join (or an aliased table), when the query has one.
    var scope: TableScope?
    /// Notes for the result (`BoundQuery.notes`), each once.
    var notes: [String] = []

    public init(catalog: Catalog, source: SourceFile, defaultTable: String = "metrics", parameters: [String: String] = [:]) {
        self.catalog = catalog
        self.source = source
        self.defaultTable = defaultTable
        self.parameters = parameters
    }

    public mutating func bind(_ q: Query) throws(Diagnostic) -> BoundQuery {
        statement = q.span
        let t = try resolveTable(q)
        table = t
        var bound = BoundQuery(table: t)
        bound.join = scope?.join
        if let w = q.filter {
            allowAggregates = false
            let e = try bindExpr(w)
            try requireCondition(e, clause: "where")
            bound.filter = e
        }
        if let keys = q.groupBy {
            allowAggregates = false
            bound.groupKeys = try keys.map { (k: Expr) throws(Diagnostic) -> BoundExpr in try bindExpr(k) }
            bound.withTotals = q.withTotals
        }
        allowAggregates = true
        var outputs: [BoundQuery.Output] = []
        if let items = q.select, !q.selectAll {
            for item in items {
                let e = try bindExpr(item.expr)
                outputs.append(.init(name: item.alias?.text ?? outputName(item.expr), expr: e))
            }
        } else {
            let fields = q.selectAll || q.groupBy != nil ? (q.groupBy != nil ? [] : t.fieldNames) : t.defaultFields
            for f in fields where t.index(of: f) != nil {
                outputs.append(.init(name: f, expr: BoundExpr(.column(t.index(of: f)!), t.column(f)!.type, q.span)))
            }
            if q.groupBy != nil, let keys = q.groupBy {
                // `group by priority` alone lists each group with its row count.
                for (k, e) in zip(keys, bound.groupKeys) { outputs.append(.init(name: outputName(k), expr: e)) }
                outputs.append(.init(name: "count", expr: BoundExpr(.aggregate(.count, nil), .number, q.span)))
            }
        }
        bound.isAggregate = q.groupBy != nil || outputs.contains { $0.expr.hasAggregate }
        if bound.isAggregate {
            for o in outputs { try checkGrouped(o.expr, keys: bound.groupKeys) }
        }
        bound.outputs = outputs
        if let order = q.orderBy {
            for item in order {
                let e = try bindOrderKey(item.expr, outputs: outputs, aggregate: bound.isAggregate)
                if bound.isAggregate {
                    // Grouping by an order key would change the rows asked for, so no fix is offered here.
                    do { try checkGrouped(e, keys: bound.groupKeys) } catch { var d = error; d.fix = nil; throw d }
                }
                if e.type == .bool { throw BindError.orderByCondition(e.span) }
                bound.order.append((e, item.descending))
            }
        }
        if q.withTotals && q.groupBy == nil { throw BindError.totalsWithoutGroup(q.span) }
        bound.having = try bindHaving(q, outputs: outputs, keys: bound.groupKeys)
        bound.limit = q.limit
        bound.notes = notes
        return bound
    }

    /// An order key may name a select alias; in a grouped query it may also repeat an output.
    mutating func bindOrderKey(_ expr: Expr, outputs: [BoundQuery.Output], aggregate: Bool) throws(Diagnostic) -> BoundExpr {
        try checkOrderByPosition(expr, outputs: outputs)
        if case .name(let n) = expr.kind, let i = outputs.firstIndex(where: { $0.name.lowercased() == n.lowercased() }) {
            let out = outputs[i].expr
            if aggregate { return BoundExpr(.outputRef(i), out.type, expr.span) }
            if table.index(of: n) == nil { var e = out; e.span = expr.span; return e }
        }
        let e = try bindExpr(expr)
        if aggregate, let i = outputs.firstIndex(where: { $0.expr.same(as: e) }) {
            return BoundExpr(.outputRef(i), e.type, expr.span)
        }
        return e
    }

    /// In a grouped query every field must be a group key or sit inside an aggregate.
    func checkGrouped(_ e: BoundExpr, keys: [BoundExpr]) throws(Diagnostic) {
        if keys.contains(where: { $0.same(as: e) }) { return }
        switch e.kind {
        case .column(let i):
            // Without a group by, the fix is to group by the field; with one, the user chose the groups.
            let name = table.columns[i].name
            let fix = keys.isEmpty ? Fix(replacing: SourceSpan(statement.end, statement.end), with: " group by \(name)", in: statement) : nil
            throw BindError.notGrouped(name, span: e.span, fix: fix)
        case .series:
            throw BindError.notGrouped(source.slice(e.span), span: e.span)
        case .aggregate, .number, .text, .symbol, .missing, .outputRef: return
        case .negate(let a), .not(let a), .isMissing(let a, _), .textMatch(_, let a, _, _, _): try checkGrouped(a, keys: keys)
        case .logical(_, let a, let b), .arithmetic(_, let a, let b), .compare(_, let a, let b):
            try checkGrouped(a, keys: keys); try checkGrouped(b, keys: keys)
        case .inList(let a, let items, _):
            try checkGrouped(a, keys: keys)
            for i in items { try checkGrouped(i, keys: keys) }
        case .between(let a, let b, let c, _):
            try checkGrouped(a, keys: keys); try checkGrouped(b, keys: keys); try checkGrouped(c, keys: keys)
        case .function(_, let args): for a in args { try checkGrouped(a, keys: keys) }
        case .comparative(_, let a, _): try checkGrouped(a, keys: keys)
        }
    }

    func requireCondition(_ e: BoundExpr, clause: String) throws(Diagnostic) {
        guard e.type == .bool else { throw BindError.notACondition(e, clause: clause, source: source) }
    }

    /// The column heading of an unnamed select item: the text the user wrote.
    func outputName(_ e: Expr) -> String {
        if case .name(let n) = e.kind, let i = table.index(of: n) { return table.columns[i].name }
        return source.slice(e.span).split(whereSeparator: { $0 == "\n" || $0 == "\t" }).joined(separator: " ")
    }
}
