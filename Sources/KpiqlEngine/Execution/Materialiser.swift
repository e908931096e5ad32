/// Turns selected rows into the result's columns of `Value`s, in the order a sort chose.
///
/// The rows are read in ascending row order (so memory is walked forwards) and only then
/// put in sorted order, as compact codes or numbers, before becoming `Value`s: reading
/// eight columns at 30k rows in sorted (random) order was a cache miss per cell and the
/// largest cost of Q1 (4 ms of its 14).
struct Materialiser {
    let ev: Evaluator

    /// The values of `e` at `rows` (ascending), arranged by `order` (positions into `rows`).
    func values(_ e: BoundExpr, _ rows: [Int32], order: [Int]?) -> [Value] {
        guard case .column(let c) = e.kind else {
            let v = ev.eval(e, rows)
            let arranged = order.map { v.gather($0) } ?? v
            return (0..<arranged.count).map { arranged.value($0) }
        }
        switch ev.table.columns[c].data {
        case .number(let x):
            let v = arranged(rows.map { x[Int($0)] }, order)
            return v.map { $0.isNaN ? .missing : .number($0) }
        case .text(let codes, let dict):
            let k = arranged(rows.map { codes[Int($0)] }, order)
            let strings = dict.values
            return k.map { $0 < 0 ? .missing : .text(strings[Int($0)]) }
        case .enumeration(let codes, let d):
            let symbols: [Value] = (0..<256).map { d.symbol(UInt8($0)).map { .symbol($0) } ?? .missing }
            return arranged(rows.map { codes[Int($0)] }, order).map { symbols[Int($0)] }
        }
    }

    private func arranged<T>(_ x: [T], _ order: [Int]?) -> [T] {
        guard let order else { return x }
        return order.map { x[$0] }
    }
}
