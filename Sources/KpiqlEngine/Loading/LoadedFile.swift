import Foundation

/// A file read into typed columns, before any format is recognised in it: what the two passes
/// of `LoadedFile.read` produce and what the format readers (metric roles, Fingertips, LG
/// Inform) turn into a table.
///
/// The first pass checks every row and works out each column's type; the second builds the
/// columns. Nothing but the columns and one chunk of the file is in memory at a time, so the
/// peak is close to the size of the table, not of the file.
struct LoadedFile {
    let path: String
    let layout: FileLayout
    let encoding: TextDecoder.Encoding
    /// Column headings as in the file (`column_N` where the file has none).
    let headers: [String]
    /// Field names made from the headings: lower case, `_` for other characters, unique.
    let names: [String]
    let kinds: [ColumnKind]
    let columns: [ColumnData]
    let rowCount: Int
    let profiles: [ColumnProfile]
    var notes: [String] = []

    var fileName: String { path.split(separator: "/").last.map(String.init) ?? path }

    /// The index of a column by heading, ignoring case and spacing.
    func index(ofHeading heading: String) -> Int? {
        let key = LoadedFile.normalise(heading)
        return headers.firstIndex { LoadedFile.normalise($0) == key }
    }

    func doc(_ i: Int) -> String {
        let how = kinds[i] == .date ? " (dates as YYYY-MM-DD)" : (kinds[i] == .period ? " (periods as written)" : "")
        return "column '\(headers[i])' of \(fileName)" + how
    }

    static func normalise(_ s: String) -> String {
        s.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: " ")
    }

    /// Reads `path` in two passes; `progress` gets (bytes done, bytes to do) across both.
    static func read(path: String, size: Int64, progress: ((Int64, Int64) -> Void)? = nil) throws(Diagnostic) -> LoadedFile {
        guard size > 0 else { throw LoadError.empty(path) }
        let layout = try FileLayout.detect(path: path)
        var scanner = try RowScanner(path: path, layout: layout, encoding: nil, progress: progress.map { p in { p($0, 2 * size) } })
        guard scanner.width > 0 else { throw LoadError.empty(path) }
        var profiles = [ColumnProfile](repeating: ColumnProfile(), count: scanner.width)
        var rows = 0
        while let r = try scanner.next() {
            for i in 0..<profiles.count { profiles[i].add(r.fields[i]) }
            rows += 1
        }
        guard rows > 0 else { throw LoadError.headerOnly(path, headerLine: layout.headerLine, columns: scanner.width) }
        let encoding = scanner.encoding ?? .utf8
        // Columns with neither a heading nor a value (Excel's trailing commas) are dropped.
        let keep = (0..<scanner.width).filter { i in !scanner.header[i].isEmpty || profiles[i].missing.total < rows }
        let kinds = profiles.map(\.kind)

        var second = try RowScanner(path: path, layout: layout, encoding: encoding, progress: progress.map { p in { p(size + $0, 2 * size) } })
        var builders = keep.map { ColumnBuilder(kind: kinds[$0], capacity: rows) }
        while let r = try second.next() {
            for (b, i) in keep.enumerated() { builders[b].add(r.fields[i]) }
        }
        let headers = keep.map { i in scanner.header[i].isEmpty ? "column_\(i + 1)" : scanner.header[i] }
        var file = LoadedFile(path: path, layout: layout, encoding: encoding, headers: headers, names: uniqueNames(headers, keep.map { kinds[$0] }),
                              kinds: keep.map { kinds[$0] }, columns: builders.map(\.data), rowCount: rows,
                              profiles: keep.map { profiles[$0] })
        if scanner.skippedBlank > 0 { file.notes.append("\(scanner.skippedBlank) blank row\(scanner.skippedBlank == 1 ? "" : "s") skipped") }
        if !scanner.subHeaders.isEmpty {
            let lines = scanner.subHeaders.map(String.init).joined(separator: ", ")
            file.notes.append("a second header row under the first (line\(scanner.subHeaders.count == 1 ? "" : "s") \(lines)) skipped")
        }
        if !scanner.skippedHeaders.isEmpty {
            let lines = scanner.skippedHeaders.prefix(5).map(String.init).joined(separator: ", ")
            file.notes.append("header row\(scanner.skippedHeaders.count == 1 ? "" : "s") repeated on line\(scanner.skippedHeaders.count == 1 ? "" : "s") \(lines) skipped")
        }
        return file
    }

    /// Field names from headings, made unique with `_2`, `_3` … in order. A heading that
    /// starts with a digit gets a letter first: `p_` for a period of numbers (`2023/24` is
    /// `p_2023_24`), `c_` for any other column.
    static func uniqueNames(_ headers: [String], _ kinds: [ColumnKind]) -> [String] {
        var seen: [String: Int] = [:]
        return zip(headers, kinds).map { h, kind in
            var base = CSVTable.fieldName(h)
            if base.hasPrefix("c_"), kind == .number, RoleRecognizer.isPeriodHeading(h) { base = "p_" + base.dropFirst(2) }
            seen[base, default: 0] += 1
            return seen[base]! == 1 ? base : "\(base)_\(seen[base]!)"
        }
    }
}
