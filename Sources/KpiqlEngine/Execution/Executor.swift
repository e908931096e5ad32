/// Runs a `BoundQuery`: filter → group → select → order → limit, column at a time.
public struct Executor {
    /// Polled between stages so Ctrl-C can stop a long query.
    public var isCancelled: () -> Bool
    /// Threads a query may use; results are the same with any number.
    public var threads: Int

    public init(threads: Int = 1, isCancelled: @escaping () -> Bool = { false }) {
        self.threads = max(1, threads)
        self.isCancelled = isCancelled
    }

    public func run(_ q: BoundQuery) throws(Diagnostic) -> ResultSet {
        var result = try execute(q)
        result.notes += q.notes
        return result
    }

    private func execute(_ q: BoundQuery) throws(Diagnostic) -> ResultSet {
        if let join = q.join { return try JoinExecutor(executor: self).run(q, join) }
        let ev = Evaluator(table: q.table)
        let selected = q.filter.map { FilterPlan($0, table: q.table).run(ev, count: q.table.rowCount, threads: threads) }
        try checkCancelled()
        if q.isAggregate { return try runGrouped(q, ev, Selection(rows: selected, tableRows: q.table.rowCount)) }
        if selected == nil, let top = TopNumbers.rows(q, threads: threads) {
            let m = Materialiser(ev: ev, threads: threads)
            var result = ResultSet(columns: q.outputs.map { m.column($0.name, $0.expr, top, order: nil) }, rowCount: top.count, tableName: q.table.name)
            result.ranked = RankedRows.find(q) { top }
            return result
        }
        var rows = selected ?? (0..<Int32(q.table.rowCount)).map { $0 }
        var order: [Int]?
        if !q.order.isEmpty {
            let keys = q.order.map { ev.sortKey($0.expr, rows, descending: $0.descending, threads: threads) }
            try checkCancelled()
            let perm = Sorter.permutation(count: rows.count, keys: keys, limit: q.limit, threads: threads)
            // A few rows of many (top-k) are read where they are; a large sorted result is read
            // in row order and then arranged (see Materialiser).
            if perm.count * 4 < rows.count { rows = perm.map { rows[$0] } } else { order = perm }
        } else if let limit = q.limit, limit < rows.count {
            rows.removeSubrange(limit...)
        }
        let m = Materialiser(ev: ev, threads: threads)
        let columns = q.outputs.map { o in m.column(o.name, o.expr, rows, order: order) }
        var result = ResultSet(columns: columns, rowCount: order?.count ?? rows.count, tableName: q.table.name)
        result.ranked = RankedRows.find(q) { order.map { o in o.map { rows[$0] } } ?? rows }
        return result
    }

    func checkCancelled() throws(Diagnostic) {
        if isCancelled() { throw Diagnostic(.query, code: "K501", "query cancelled") }
    }

    private func runGrouped(_ q: BoundQuery, _ ev: Evaluator, _ sel: Selection) throws(Diagnostic) -> ResultSet {
        let dense = q.groupKeys.isEmpty ? nil : DenseGrouping.group(q.groupKeys, q.table, sel, threads: threads)
        let grouping = dense ?? Grouping(keys: q.groupKeys.map { ev.groupKey($0, sel.materialised) }, count: sel.count)
        try checkCancelled()
        let agg = GroupEvaluator(ev: ev, selection: sel, grouping: grouping, threads: threads)
        var vecs = q.outputs.map { agg.eval($0.expr, outputs: []) }
        // `having` keeps the groups where its condition is true; order keys are made for every
        // group first (they may name outputs), then cut down the same way.
        let kept = q.having.map { GroupFilter.kept(agg.eval($0, outputs: vecs)) }
        var keys = q.order.map { (agg.eval($0.expr, outputs: vecs), $0.descending) }
        if let kept {
            vecs = vecs.map { $0.gather(kept) }
            keys = keys.map { ($0.0.gather(kept), $0.1) }
        }
        let groups = kept?.count ?? grouping.count
        if !keys.isEmpty {
            let perm = Sorter.permutation(count: groups, keys: keys, limit: q.limit)
            vecs = vecs.map { $0.gather(perm) }
        } else if let limit = q.limit, limit < groups {
            vecs = vecs.map { $0.gather(Array(0..<limit)) }
        }
        if q.withTotals {
            // The total is of the groups shown: with `having`, of the rows of the groups kept.
            let sel = kept.map { GroupFilter.rows(of: $0, sel, grouping) } ?? sel
            let total = GroupEvaluator(ev: ev, selection: sel, grouping: .all(sel.count), totals: true, threads: threads)
            // The first text group key shown carries the word "Total", as council tables do.
            let label = q.outputs.firstIndex { o in o.expr.type == .text && q.groupKeys.contains { $0.same(as: o.expr) } }
            let totalVecs = q.outputs.enumerated().map { i, o -> Vec in
                i == label ? .text(["Total"]) : total.eval(o.expr, outputs: [])
            }
            vecs = zip(vecs, totalVecs).map { Vec.concat($0, $1) }
        }
        return ResultSet(names: q.outputs.map(\.name), types: q.outputs.map(\.expr.type), vecs: vecs, tableName: q.table.name)
    }
}

extension Vec {
    static func concat(_ a: Vec, _ b: Vec) -> Vec {
        switch (a, b) {
        case (.number(let x), .number(let y)): return .number(x + y)
        case (.text(let x), .text(let y)): return .text(x + y)
        case (.enumeration(let x, let d), .enumeration(let y, _)): return .enumeration(x + y, d)
        case (.bool(let x), .bool(let y)): return .bool(x + y)
        case (.text(let x), _): return .text(x + Array(repeating: nil, count: b.count))
        default: return a
        }
    }
}
