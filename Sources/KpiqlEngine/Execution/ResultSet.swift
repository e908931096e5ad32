/// The answer to a query: named, typed columns of values, ready for a formatter.
public struct ResultSet: Sendable {
    public struct Column: Sendable {
        public var name: String
        public var type: FieldType
        public var values: [Value]

        public init(name: String, type: FieldType, values: [Value]) {
            self.name = name
            self.type = type
            self.values = values
        }
    }

    public var columns: [Column]
    public var rowCount: Int
    /// The table the query read, for captions and report footers.
    public var tableName: String

    public init(columns: [Column], rowCount: Int, tableName: String) {
        self.columns = columns
        self.rowCount = rowCount
        self.tableName = tableName
    }

    public func value(row: Int, column: Int) -> Value { columns[column].values[row] }

    /// Row `r` as values, in column order.
    public func row(_ r: Int) -> [Value] { columns.map { $0.values[r] } }

    /// Builds a result set from `Vec`s of equal length.
    init(names: [String], types: [FieldType], vecs: [Vec], tableName: String) {
        let n = vecs.first?.count ?? 0
        var cols: [Column] = []
        for (i, v) in vecs.enumerated() {
            cols.append(Column(name: names[i], type: types[i], values: (0..<n).map { v.value($0) }))
        }
        self.init(columns: cols, rowCount: n, tableName: tableName)
    }
}
