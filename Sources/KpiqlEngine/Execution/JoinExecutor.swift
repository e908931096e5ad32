/// Runs a query over a join: pairs the rows (`HashJoin`, one row selection per table), then
/// gathers only the columns the query names. The `where` columns are gathered first and the
/// filter narrows the selections before anything else is read; what remains is an ordinary
/// query over a table of the gathered columns, run by the same `Executor` path as any other.
struct JoinExecutor {
    let executor: Executor

    func run(_ q: BoundQuery, _ join: BoundJoin) throws(Diagnostic) -> ResultSet {
        guard !join.steps.isEmpty else {
            // `from metrics as now`: the schema is the table's own columns in order.
            var plain = BoundQuery(table: join.sides[0].table)
            copy(q, into: &plain, map: { $0 })
            plain.filter = q.filter
            return try executor.run(plain)
        }
        var (rows, notes) = pair(join)
        try executor.checkCancelled()
        if let filter = q.filter {
            let cols = Array(filter.columns).sorted()
            let t = gathered(q.table.name, cols, join, rows)
            let at = Dictionary(uniqueKeysWithValues: cols.enumerated().map { ($1, $0) })
            let e = filter.mapColumns { at[$0]! }
            let kept = FilterPlan(e, table: t).run(Evaluator(table: t), count: t.rowCount, threads: executor.threads)
            rows = rows.map { r in kept.map { r[Int($0)] } }
            try executor.checkCancelled()
        }
        var used = Set<Int>()
        for o in q.outputs { used.formUnion(o.expr.columns) }
        for k in q.groupKeys { used.formUnion(k.columns) }
        for o in q.order { used.formUnion(o.expr.columns) }
        if let h = q.having { used.formUnion(h.columns) }
        // A table's row count is its columns' length, so keep one column even for count() alone.
        if used.isEmpty {
            // The narrowest: an enum column (a byte a row) if the first table has one.
            let t = join.sides[0].table
            let enumColumn = join.sources.firstIndex { s in
                if s.side == 0, case .enumeration = t.columns[s.column].data { return true } else { return false }
            }
            if let c = enumColumn ?? join.sources.firstIndex(where: { $0.side == 0 }) { used.insert(c) }
        }
        let cols = used.sorted()
        let at = Dictionary(uniqueKeysWithValues: cols.enumerated().map { ($1, $0) })
        var inner = BoundQuery(table: gathered(q.table.name, cols, join, rows))
        copy(q, into: &inner, map: { at[$0]! })
        var result = try executor.run(inner)
        result.notes += notes
        // Reports find cards and source files by the table a result came from: the first one.
        result.tableName = join.sides[0].table.name
        return result
    }

    private func copy(_ q: BoundQuery, into b: inout BoundQuery, map: (Int) -> Int) {
        b.groupKeys = q.groupKeys.map { $0.mapColumns(map) }
        b.withTotals = q.withTotals
        b.outputs = q.outputs.map { .init(name: $0.name, expr: $0.expr.mapColumns(map)) }
        b.order = q.order.map { ($0.expr.mapColumns(map), $0.descending) }
        b.limit = q.limit
        b.having = q.having?.mapColumns(map)
        b.isAggregate = q.isAggregate
    }

    /// One row selection per table, of equal length: the pairs of every join in turn.
    func pair(_ join: BoundJoin) -> ([[Int32]], [String]) {
        // The first table's rows are all of them (nil) until the first join picks some.
        var rows: [[Int32]?] = [nil]
        var notes: [String] = []
        for step in join.steps {
            let right = join.sides[step.right].table
            let keys = zip(step.leftKeys, step.rightKeys).map { l, r in
                JoinKeys.column(join.sides[l.side].table.columns[l.column].data, leftRows: rows[l.side], right.columns[r].data)
            }
            let p = HashJoin.pairs(JoinKeys.combined(keys, limit: HashJoin.denseLimit), kind: step.kind)
            rows = rows.map { r in r.map { r in p.left.map { r[Int($0)] } } ?? p.left }
            rows.append(p.right)
            if p.repeatedRightKeys > 0 { notes.append(JoinExecutor.repeatedNote(p.repeatedRightKeys, step, join)) }
        }
        return (rows.map { $0! }, notes)
    }

    /// "12 ids occur more than once in was": the join repeats rows, which the user must know.
    static func repeatedNote(_ n: Int, _ step: BoundJoin.Step, _ join: BoundJoin) -> String {
        let one = step.keyNames.count == 1 ? step.keyNames[0] : "key (" + step.keyNames.joined(separator: ", ") + ")"
        let many = step.keyNames.count == 1 ? step.keyNames[0] + "s" : "keys (" + step.keyNames.joined(separator: ", ") + ")"
        return (n == 1 ? "1 \(one) occurs" : "\(n) \(many) occur") + " more than once in \(join.sides[step.right].name): "
            + "the rows of \(join.sides[0].name) that match \(n == 1 ? "it are" : "them are") repeated, once for each"
    }

    /// A table of the schema columns `cols`, each gathered through its table's row selection.
    private func gathered(_ name: String, _ cols: [Int], _ join: BoundJoin, _ rows: [[Int32]]) -> Table {
        Table(name: name, kind: .plain, columns: cols.map { i in
            let (side, c) = join.sources[i]
            let col = join.sides[side].table.columns[c]
            return Column(col.name, JoinExecutor.gather(col.data, rows[side]), doc: col.doc)
        })
    }

    /// The cells at `rows`; -1 (a left join's miss) is missing.
    static func gather(_ data: ColumnData, _ rows: [Int32]) -> ColumnData {
        switch data {
        case .number(let v): return .number(rows.map { $0 < 0 ? .nan : v[Int($0)] })
        case .text(let codes, let dict): return .text(codes: rows.map { $0 < 0 ? -1 : codes[Int($0)] }, dictionary: dict)
        case .enumeration(let codes, let d): return .enumeration(codes: rows.map { $0 < 0 ? EnumDomain.missingCode : codes[Int($0)] }, domain: d)
        }
    }
}
