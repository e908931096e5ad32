import Foundation

/// A parsed CSV file addressed by header name: typed columns (numbers, or dictionary-encoded
/// text), with accessors that report FILE:LINE when a cell cannot be read as the type the
/// schema wants.
public struct CSVTable {
    public let name: String
    public let header: [String]
    public let rowCount: Int
    let columns: [CSVColumn]
    /// Where the cells came from, to recover a number column's exact text or a row's line.
    let origin: Origin
    private let positions: [String: Int]

    enum Origin {
        case records([CSVReader.Record])
        case bytes(ByteBuffer, dataStart: Int, delimiter: UInt8)
    }

    /// From records already read (small files, tests).
    public init(name: String, records: [CSVReader.Record]) throws(Diagnostic) {
        guard let first = records.first else {
            throw Diagnostic(.data, code: "K402", "\(name) is empty: expected a header row")
        }
        let rows = Array(records.dropFirst())
        let width = first.fields.count
        for r in rows where r.fields.count != width {
            throw CSVError.at(name, r.line, 1, "row has \(r.fields.count) fields but the header has \(width)",
                              hint: "every row needs one field per header column; quote fields that contain commas")
        }
        let columns = (0..<width).map { c -> CSVColumn in
            var b = CSVColumnBuilder(capacity: rows.count)
            for (i, r) in rows.enumerated() where !b.add(r.fields[c]) {
                b.beginText()
                for earlier in rows[...i] { _ = b.add(earlier.fields[c]) }
            }
            return b.finish()
        }
        self.init(name: name, header: first.fields, rowCount: rows.count, columns: columns, origin: .records(rows))
    }

    /// From the bytes of a file, parsed straight into columns (`threads` slices at once).
    init(name: String, bytes: ByteBuffer, delimiter: UInt8, threads: Int = 1) throws(Diagnostic) {
        var reader = CSVReader(buffer: bytes, delimiter: delimiter, name: name)
        guard let head = try reader.next() else {
            throw Diagnostic(.data, code: "K402", "\(name) is empty: expected a header row")
        }
        let start = reader.pos
        let columns = CSVColumnLoader.load(bytes.buffer, from: start, columns: head.fields.count, delimiter: delimiter, threads: threads,
                                           release: { bytes.release($0) })
        guard let columns else {
            // Malformed: the record reader finds what is wrong and where.
            self = try CSVTable(name: name, records: try CSVReader.read(buffer: bytes, delimiter: delimiter, name: name))
            return
        }
        let rows: Int
        switch columns.first {
        case .numbers(let v, _)?: rows = v.count
        case .text(let codes, _)?: rows = codes.count
        case nil: rows = 0
        }
        self.init(name: name, header: head.fields, rowCount: rows, columns: columns, origin: .bytes(bytes, dataStart: start, delimiter: delimiter))
    }

    private init(name: String, header: [String], rowCount: Int, columns: [CSVColumn], origin: Origin) {
        self.name = name
        self.header = header.map { $0.trimmingCharacters(in: .whitespaces) }
        self.rowCount = rowCount
        self.columns = columns
        self.origin = origin
        var p: [String: Int] = [:]
        for (i, h) in self.header.enumerated() where p[h.lowercased()] == nil { p[h.lowercased()] = i }
        self.positions = p
    }

    public static func load(path: String, threads: Int = 1) throws(Diagnostic) -> CSVTable {
        guard let bytes = ByteBuffer.file(path) else {
            throw Diagnostic(.io, code: "K403", "cannot read \(path)", hints: ["check the path and that the file is readable"])
        }
        let delimiter: UInt8 = path.lowercased().hasSuffix(".tsv") ? 0x09 : 0x2C
        return try CSVTable(name: path, bytes: bytes, delimiter: delimiter, threads: threads)
    }

    public func has(_ column: String) -> Bool { positions[column.lowercased()] != nil }

    func position(_ column: String) throws(Diagnostic) -> Int {
        guard let i = positions[column.lowercased()] else {
            throw Diagnostic(.data, code: "K404", "\(name) has no column '\(column)'",
                             hints: ["its columns are: " + header.joined(separator: ", ")])
        }
        return i
    }

    /// Raw cell strings of a column (whitespace trimmed); a missing column is an error.
    public func strings(_ column: String) throws(Diagnostic) -> [String] {
        switch columns[try position(column)] {
        case .text(let codes, let values): return codes.map { $0 < 0 ? "" : values[Int($0)] }
        case .numbers: return cellText(try position(column))
        }
    }

    /// Text cells; empty is missing.
    public func optionalStrings(_ column: String) throws(Diagnostic) -> [String?] {
        try strings(column).map { $0.isEmpty ? nil : $0 }
    }

    /// The dictionary form of a text column (nil for a number column), so callers can work
    /// once per distinct value.
    func text(_ column: String) throws(Diagnostic) -> (codes: [Int32], values: [String])? {
        if case .text(let codes, let values) = columns[try position(column)] { return (codes, values) }
        return nil
    }

    /// Number cells; empty is missing (NaN); anything else that is not a number is an error.
    public func numbers(_ column: String) throws(Diagnostic) -> [Double] {
        switch columns[try position(column)] {
        case .numbers(let v, _): return v
        case .text(let codes, let values):
            // A text column may still be all numbers to Double() ("inf"); read each value once.
            let parsed = values.map { Double($0) }
            var out = [Double](repeating: .nan, count: codes.count)
            for (r, c) in codes.enumerated() where c >= 0 {
                guard let v = parsed[Int(c)] else {
                    throw CSVError.at(name, line(ofRow: r), 1, "'\(values[Int(c)])' in column '\(column)' is not a number",
                                      hint: "leave the cell empty for a missing value")
                }
                out[r] = v
            }
            return out
        }
    }

    /// The trimmed text of every cell of column `c`, read again from the source.
    private func cellText(_ c: Int) -> [String] {
        switch origin {
        case .records(let rows): return rows.map { $0.fields[c].trimmingCharacters(in: .whitespacesAndNewlines) }
        case .bytes(let bytes, let start, let delimiter):
            let buf = bytes.buffer
            return CSVColumnLoader.cells(buf, from: start, rows: rowCount, column: c, columns: header.count, delimiter: delimiter)
                .map { CSVReader.decode(buf, $0).trimmingCharacters(in: .whitespacesAndNewlines) }
        }
    }

    /// The line a data row starts on (for error messages only: it reads the file again).
    private func line(ofRow r: Int) -> Int {
        switch origin {
        case .records(let rows): return rows[r].line
        case .bytes(let bytes, _, let delimiter):
            var reader = CSVReader(buffer: bytes, delimiter: delimiter, name: name)
            var record: CSVReader.Record?
            for _ in 0...(r + 1) { record = try? reader.next() }
            return record?.line ?? r + 2
        }
    }

    /// A plain table: each column is a number column if every non-empty cell is a number, text otherwise.
    public func plainTable(named tableName: String, source: String) -> Table {
        let file = source.split(separator: "/").last.map(String.init) ?? source
        var out: [Column] = []
        for (i, h) in header.enumerated() {
            let fieldName = Self.fieldName(h), doc = "column '\(h)' of \(file)"
            switch columns[i] {
            case .numbers(let v, anyValue: true): out.append(.number(fieldName, v, doc: doc))
            case .numbers: out.append(Column(fieldName, .text(codes: Array(repeating: -1, count: rowCount), dictionary: TextDictionary()), doc: doc))
            case .text(let codes, let values): out.append(Column(fieldName, TextDictionary.encoded(codes, values), doc: doc))
            }
        }
        return Table(name: tableName, kind: .plain, columns: out, sources: [source])
    }

    /// A header made into a field name: lower case, runs of other characters become `_`.
    public static func fieldName(_ header: String) -> String {
        var out = ""
        var lastUnderscore = false
        for ch in header.lowercased() {
            if ch.isLetter || ch.isNumber, ch.isASCII {
                out.append(ch)
                lastUnderscore = false
            } else if !lastUnderscore && !out.isEmpty {
                out.append("_")
                lastUnderscore = true
            }
        }
        while out.hasSuffix("_") { out.removeLast() }
        if out.isEmpty { return "column" }
        if out.first!.isNumber { out = "c_" + out }
        return out
    }
}
