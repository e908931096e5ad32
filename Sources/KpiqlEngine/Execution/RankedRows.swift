/// What a report needs to draw where each ranked row sits among its comparators: the
/// comparison a query's `rank()` (or `quartile()`) made, and the table row behind each result
/// row. The executor attaches it to a result whose select ranks rows; it holds no values, so
/// a query that is not reported pays only for the row numbers it already had.
public struct RankedRows: @unchecked Sendable {
    package let table: Table
    /// The value compared (`latest` in `rank(latest, nn)`) and how.
    package let value: BoundExpr
    package let scope: ComparisonScope
    /// The table row of each result row, in result order.
    package let rows: [Int32]

    /// The group's name as the query wrote it, or `by FIELD`, or nil for every area.
    public var groupLabel: String? {
        if let g = scope.group { return g }
        return scope.partitionField.map { "by " + table.columns[$0].name }
    }

    /// The first `rank()` or `quartile()` among a non-aggregate query's outputs (a bare call or
    /// one wrapped in a function such as `round()`), with the result's table rows (asked for
    /// only when there is one).
    static func find(_ q: BoundQuery, rows: () -> [Int32]) -> RankedRows? {
        guard !q.isAggregate else { return nil }
        for o in q.outputs {
            var exprs = [o.expr]
            if case .function(_, let args) = o.expr.kind { exprs += args }
            for e in exprs {
                if case .comparative(let f, let value, let scope) = e.kind, f == .rank || f == .quartile {
                    return RankedRows(table: q.table, value: value, scope: scope, rows: rows())
                }
            }
        }
        return nil
    }
}
