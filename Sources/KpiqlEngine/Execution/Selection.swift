/// The rows a stage works on: all `count` rows of the table (no `where`), or some of them,
/// ascending. Saves building `0..<count` when every row is wanted.
struct Selection {
    let rows: [Int32]?
    let count: Int

    init(rows: [Int32]?, tableRows: Int) {
        self.rows = rows
        count = rows?.count ?? tableRows
    }

    @inline(__always)
    subscript(i: Int) -> Int {
        if let rows { return Int(rows[i]) }
        return i
    }

    /// The row numbers, made when an evaluation needs them as an array.
    var materialised: [Int32] { rows ?? (0..<Int32(count)).map { $0 } }
}
