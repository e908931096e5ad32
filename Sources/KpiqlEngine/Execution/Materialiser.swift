/// Turns selected rows into the result's columns, in the order a sort chose.
///
/// The rows are read in ascending row order (so memory is walked forwards) and only then
/// put in sorted order: reading eight columns at 30k rows in sorted (random) order was a
/// cache miss per cell and the largest cost of Q1 (4 ms of its 14). Plain columns stay
/// typed — numbers, text codes into the table's strings, enum bytes (see `ResultSet`).
struct Materialiser {
    let ev: Evaluator
    var threads = 1

    /// The cells of `e` at `rows` (ascending), arranged by `order` (positions into `rows`).
    func column(_ name: String, _ e: BoundExpr, _ rows: [Int32], order: [Int]?) -> ResultSet.Column {
        guard case .column(let c) = e.kind else {
            let v = ev.eval(e, rows)
            let arranged = order.map { v.gather($0) } ?? v
            return ResultSet.Column(name: name, type: e.type, values: (0..<arranged.count).map { arranged.value($0) })
        }
        let storage: ResultSet.Column.Storage
        switch ev.table.columns[c].data {
        case .number(let x): storage = .numbers(arranged(gather(x, rows), order))
        case .text(let codes, let dict): storage = .text(codes: arranged(gather(codes, rows), order), strings: dict.values)
        case .enumeration(let codes, let d): storage = .symbols(arranged(gather(codes, rows), order), d)
        }
        return ResultSet.Column(name: name, type: e.type, storage: storage)
    }

    private func gather<T: BitwiseCopyable>(_ x: [T], _ rows: [Int32]) -> [T] {
        rows.withUnsafeBufferPointer { rows in pick(x, rows.count) { Int(rows[$0]) } }
    }

    private func arranged<T: BitwiseCopyable>(_ x: [T], _ order: [Int]?) -> [T] {
        guard let order else { return x }
        return order.withUnsafeBufferPointer { order in pick(x, order.count) { order[$0] } }
    }

    /// `[x[index(0)], x[index(1)], …]` through buffer pointers, slices filled on the threads.
    @inline(__always)
    private func pick<T: BitwiseCopyable>(_ x: [T], _ n: Int, _ index: (Int) -> Int) -> [T] {
        x.withUnsafeBufferPointer { x in
            [T](unsafeUninitializedCapacity: n) { out, count in
                let out = out
                _ = Parallel.map(Parallel.slices(n, threads: threads), threads: threads) { range in
                    for i in range { out[i] = x[index(i)] }
                }
                count = n
            }
        }
    }
}
