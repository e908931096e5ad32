/// The data rows of a file: records after the header, without blank rows and without repeats
/// of the header, each checked to have one field per header column.
///
/// Both passes of a load scan rows through this type, so they agree on which records are data.
struct RowScanner {
    private var stream: RecordStream
    let layout: FileLayout
    let path: String
    private(set) var header: [String] = []
    private(set) var width = 0
    /// Blank rows and repeated header rows passed over (reported after the load).
    private(set) var skippedBlank = 0
    private(set) var skippedHeaders: [Int] = []
    /// Rows straight under the header that start like it (a second header row).
    private(set) var subHeaders: [Int] = []
    private var inHeaderBlock = true
    private var pending: CSVReader.Record?

    init(path: String, layout: FileLayout, encoding: TextDecoder.Encoding?, progress: ((Int64) -> Void)?) throws(Diagnostic) {
        self.path = path
        self.layout = layout
        stream = try RecordStream(path: path, delimiter: layout.delimiter, encoding: encoding)
        stream.progress = progress
        // Title lines are skipped; the header (or, without one, the first row) fixes the width.
        while let r = try stream.next() {
            if r.line < layout.headerLine { continue }
            width = r.fields.count
            while width > 1 && r.fields[width - 1].trimmed.isEmpty { width -= 1 }
            if layout.hasHeader {
                header = (0..<width).map { i in i < r.fields.count ? r.fields[i].trimmed : "" }
            } else {
                header = (1...width).map { "column_\($0)" }
                pending = r
                inHeaderBlock = false
            }
            return
        }
    }

    var encoding: TextDecoder.Encoding? { stream.decoder.encoding }

    /// The next data row's fields (exactly `width` of them) and its line.
    mutating func next() throws(Diagnostic) -> CSVReader.Record? {
        while true {
            let record: CSVReader.Record
            if let p = pending { record = p; pending = nil } else {
                guard let r = try stream.next() else { return nil }
                record = r
            }
            var fields = record.fields
            if !fields.contains(where: { !$0.trimmed.isEmpty }) { skippedBlank += 1; continue }
            // Rows straight after the header that start like it are more header (LG Inform
            // writes a row of period codes under the labels); later repeats are pasted headers.
            if layout.hasHeader, fields[0].trimmed.lowercased() == header[0].lowercased(), !header[0].isEmpty,
               inHeaderBlock || fields.map(\.trimmed) == header {
                if inHeaderBlock { subHeaders.append(record.line) } else { skippedHeaders.append(record.line) }
                continue
            }
            inHeaderBlock = false
            if fields.count > width {
                // Excel pads rows with empty trailing fields; anything else is a ragged row.
                guard fields[width...].allSatisfy({ $0.trimmed.isEmpty }) else {
                    throw ragged(record, fields.count, firstExtra: width)
                }
                fields.removeSubrange(width...)
            }
            if fields.count < width { throw ragged(record, fields.count, firstExtra: nil) }
            return CSVReader.Record(fields: fields, line: record.line)
        }
    }

    private func ragged(_ r: CSVReader.Record, _ count: Int, firstExtra: Int?) -> Diagnostic {
        let text = stream.lineText(r.line) ?? ""
        let column = firstExtra.map { stream.column(ofField: $0, line: r.line) } ?? (text.utf8.count + 1)
        return LoadError.ragged(path, line: r.line, column: column, lineText: text, fields: count, expected: width,
                                headerLine: layout.headerLine, delimiter: layout.delimiter)
    }
}
