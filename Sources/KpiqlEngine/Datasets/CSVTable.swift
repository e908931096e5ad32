import Foundation

/// A parsed CSV file addressed by header name, with typed column accessors that report
/// FILE:LINE when a cell cannot be read as the type the schema wants.
public struct CSVTable {
    public let name: String
    public let header: [String]
    public let records: [CSVReader.Record]
    private let positions: [String: Int]

    public init(name: String, records: [CSVReader.Record]) throws(Diagnostic) {
        guard let first = records.first else {
            throw Diagnostic(.data, code: "K402", "\(name) is empty: expected a header row")
        }
        self.name = name
        self.header = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        self.records = Array(records.dropFirst())
        var p: [String: Int] = [:]
        for (i, h) in header.enumerated() where p[h.lowercased()] == nil { p[h.lowercased()] = i }
        self.positions = p
        for r in self.records where r.fields.count != header.count {
            throw CSVError.at(name, r.line, 1, "row has \(r.fields.count) fields but the header has \(header.count)",
                              hint: "every row needs one field per header column; quote fields that contain commas")
        }
    }

    public static func load(path: String) throws(Diagnostic) -> CSVTable {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Diagnostic(.io, code: "K403", "cannot read \(path)", hints: ["check the path and that the file is readable"])
        }
        let delimiter: UInt8 = path.lowercased().hasSuffix(".tsv") ? 0x09 : 0x2C
        return try CSVTable(name: path, records: try CSVReader.read(bytes: [UInt8](data), delimiter: delimiter, name: path))
    }

    public var rowCount: Int { records.count }
    public func has(_ column: String) -> Bool { positions[column.lowercased()] != nil }

    /// Raw cell strings of a column (whitespace trimmed); a missing column is an error.
    public func strings(_ column: String) throws(Diagnostic) -> [String] {
        guard let i = positions[column.lowercased()] else {
            throw Diagnostic(.data, code: "K404", "\(name) has no column '\(column)'",
                             hints: ["its columns are: " + header.joined(separator: ", ")])
        }
        return records.map { $0.fields[i].trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// Text cells; empty is missing.
    public func optionalStrings(_ column: String) throws(Diagnostic) -> [String?] {
        try strings(column).map { $0.isEmpty ? nil : $0 }
    }

    /// Number cells; empty is missing (NaN); anything else that is not a number is an error.
    public func numbers(_ column: String) throws(Diagnostic) -> [Double] {
        let cells = try strings(column)
        var out = [Double](repeating: .nan, count: cells.count)
        for (r, cell) in cells.enumerated() where !cell.isEmpty {
            guard let v = Double(cell) else {
                throw CSVError.at(name, records[r].line, 1, "'\(cell)' in column '\(column)' is not a number",
                                  hint: "leave the cell empty for a missing value")
            }
            out[r] = v
        }
        return out
    }

    /// A plain table: each column is a number column if every non-empty cell is a number, text otherwise.
    public func plainTable(named tableName: String, source: String) -> Table {
        let file = source.split(separator: "/").last.map(String.init) ?? source
        var columns: [Column] = []
        for (i, h) in header.enumerated() {
            let cells = records.map { $0.fields[i].trimmingCharacters(in: .whitespacesAndNewlines) }
            let parsed = cells.map { $0.isEmpty ? Double.nan : (Double($0) ?? .infinity) }
            let fieldName = Self.fieldName(h)
            if parsed.allSatisfy({ !$0.isInfinite }) && cells.contains(where: { !$0.isEmpty }) {
                columns.append(.number(fieldName, parsed, doc: "column '\(h)' of \(file)"))
            } else {
                columns.append(.text(fieldName, cells.map { $0 }, doc: "column '\(h)' of \(file)"))
            }
        }
        return Table(name: tableName, kind: .plain, columns: columns, sources: [source])
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
