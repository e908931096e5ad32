import KpiqlEngine
import KpiqlData

/// What a bound query reads, so the compiled statement computes only those fields: the
/// columns named anywhere, whether a series function needs the period values, and each
/// distinct comparison between areas (computed once, before `where`).
struct SQLUses {
    let table: Table
    private(set) var columns: Set<Int> = []
    private(set) var series = false
    private(set) var comparatives: [BoundExpr] = []

    init(table: Table) { self.table = table }

    mutating func collect(_ q: BoundQuery) {
        if let f = q.filter { visit(f) }
        q.groupKeys.forEach { visit($0) }
        q.outputs.forEach { visit($0.expr) }
        q.order.forEach { visit($0.expr) }
        if let h = q.having { visit(h) }
    }

    /// The columns read, in table order.
    var columnIndices: [Int] { columns.sorted() }

    /// The names of the columns read, in table order.
    var fieldNames: [String] { columns.sorted().map { table.columns[$0].name } }

    mutating func visit(_ e: BoundExpr) {
        switch e.kind {
        case .column(let i): columns.insert(i)
        case .number, .text, .symbol, .missing, .outputRef: break
        case .series: series = true
        case .negate(let a), .not(let a), .isMissing(let a, _), .textMatch(_, let a, _, _, _): visit(a)
        case .logical(_, let a, let b), .arithmetic(_, let a, let b), .compare(_, let a, let b): visit(a); visit(b)
        case .inList(let a, let items, _): visit(a); items.forEach { visit($0) }
        case .between(let a, let b, let c, _): visit(a); visit(b); visit(c)
        case .function(_, let args): args.forEach { visit($0) }
        case .aggregate(_, let a): if let a { visit(a) }
        case .comparative(_, let a, let scope):
            visit(a)
            scope.keyColumns.forEach { columns.insert($0) }
            if let g = scope.goodColumn { columns.insert(g) }
            for f in ["area", "area_code"] { if let i = table.index(of: f) { columns.insert(i) } }
            if !comparatives.contains(where: { $0.same(as: e) }) { comparatives.append(e) }
        }
    }
}
