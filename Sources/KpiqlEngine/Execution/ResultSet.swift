/// The answer to a query: named, typed columns of values, ready for a formatter.
///
/// A column holds its cells in the form the executor made them: numbers as `[Double]` (NaN
/// missing), text as codes into the table's strings, enums as bytes, or plain `Value`s.
/// Every row and column is in memory either way; `Value`s are made when a cell is read.
/// Building a `Value` per cell up front was most of Q5's time at 10M rows (436k rows × 5
/// columns, see BENCHMARKS.md).
public struct ResultSet: Sendable {
    public struct Column: Sendable {
        public var name: String
        public var type: FieldType
        var storage: Storage
        /// Words shown beside a cell in markdown, line and HTML output (`Judgement`): which
        /// periods a trend compares and the council's own trend; nil where there are none.
        public var notes: [String?]?

        enum Storage: Sendable {
            case values([Value])
            case numbers([Double])
            /// `codes[row]` indexes `strings` (the table's dictionary); -1 is missing.
            case text(codes: [Int32], strings: [String])
            case symbols([UInt8], EnumDomain)
        }

        public init(name: String, type: FieldType, values: [Value]) {
            self.init(name: name, type: type, storage: .values(values))
        }

        init(name: String, type: FieldType, storage: Storage) {
            self.name = name
            self.type = type
            self.storage = storage
        }

        /// Typed columns made outside the engine (a server's rows, `PGResultReader`), in the
        /// forms the executor makes: NaN is missing, code -1 is missing, `missingCode` likewise.
        package init(name: String, type: FieldType, numbers: [Double]) {
            self.init(name: name, type: type, storage: .numbers(numbers))
        }

        package init(name: String, type: FieldType, codes: [Int32], strings: [String]) {
            self.init(name: name, type: type, storage: .text(codes: codes, strings: strings))
        }

        package init(name: String, type: FieldType, symbols: [UInt8], domain: EnumDomain) {
            self.init(name: name, type: type, storage: .symbols(symbols, domain))
        }

        public var count: Int {
            switch storage {
            case .values(let v): return v.count
            case .numbers(let v): return v.count
            case .text(let c, _): return c.count
            case .symbols(let c, _): return c.count
            }
        }

        /// One cell.
        public subscript(row: Int) -> Value {
            switch storage {
            case .values(let v): return v[row]
            case .numbers(let v): return v[row].isNaN ? .missing : .number(v[row])
            case .text(let c, let s): return c[row] < 0 ? .missing : .text(s[Int(c[row])])
            case .symbols(let c, let d): return d.symbol(c[row]).map { .symbol($0) } ?? .missing
            }
        }

        /// Every cell, in row order.
        public var values: [Value] {
            get {
                if case .values(let v) = storage { return v }
                return (0..<count).map { self[$0] }
            }
            set { storage = .values(newValue) }
        }
    }

    public var columns: [Column]
    public var rowCount: Int
    /// The table the query read, for captions and report footers.
    public var tableName: String
    /// Lines printed under a table ("CYP-001: variance is against period target 800 …").
    public var footnotes: [String] = []
    /// Things the user should know about how the answer was made (a join that repeated rows),
    /// for the shell to show apart from the result.
    public var notes: [String] = []
    /// The comparison behind a `rank()` in the select, for the report's strip charts.
    public var ranked: RankedRows?

    public init(columns: [Column], rowCount: Int, tableName: String) {
        self.columns = columns
        self.rowCount = rowCount
        self.tableName = tableName
    }

    public func value(row: Int, column: Int) -> Value { columns[column][row] }

    /// Row `r` as values, in column order.
    public func row(_ r: Int) -> [Value] { columns.map { $0[r] } }

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
