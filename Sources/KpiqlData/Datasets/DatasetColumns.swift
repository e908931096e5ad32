import KpiqlEngine

/// The columns of a bundled dataset file, read through the one loading pipeline
/// (`LoadedFile`) and addressed by heading, for the readers that assemble the bundled tables
/// (`BundledDatasets`). A column that is missing, or text where a number is wanted, is a data
/// error naming the file and the column.
struct DatasetColumns {
    let file: LoadedFile
    var rowCount: Int { file.rowCount }
    var path: String { file.path }

    init(path: String) throws(Diagnostic) {
        file = try LoadedFile.read(path: path)
    }

    private func position(_ column: String) throws(Diagnostic) -> Int {
        guard let i = file.headers.firstIndex(where: { $0.lowercased() == column.lowercased() }) else {
            throw LoadError.file(path, "\(file.fileName) has no column '\(column)'",
                                 hints: ["its columns are: " + file.headers.joined(separator: ", ")], code: "K404")
        }
        return i
    }

    /// The cells of a column as text (trimmed; numbers as kpiql writes them, `1` for 1.0).
    func strings(_ column: String) throws(Diagnostic) -> [String] {
        switch file.columns[try position(column)] {
        case .text(let codes, let dict): return codes.map { $0 < 0 ? "" : dict.values[Int($0)] }
        case .number(let v): return v.map(NumberFormat.plain)
        case .enumeration(let codes, let domain): return codes.map { domain.symbol($0) ?? "" }
        }
    }

    /// Text cells; empty is missing.
    func optionalStrings(_ column: String) throws(Diagnostic) -> [String?] {
        try strings(column).map { $0.isEmpty ? nil : $0 }
    }

    /// Number cells (council formats and placeholders read as every load reads them); a
    /// word where a number belongs is an error.
    func numbers(_ column: String) throws(Diagnostic) -> [Double] {
        let i = try position(column)
        switch file.columns[i] {
        case .number(let v): return v
        case .text(let codes, let dict):
            if let row = codes.indices.first(where: { codes[$0] >= 0 }) {
                let word = dict.values[Int(codes[row])]
                throw LoadError.file(path, "column '\(file.headers[i])' of \(file.fileName) holds text ('\(word)', data row \(row + 1)) where numbers belong",
                                     hints: ["leave the cell empty for a missing value"], code: "K405")
            }
            return Array(repeating: .nan, count: rowCount)
        case .enumeration: return Array(repeating: .nan, count: rowCount)
        }
    }
}
