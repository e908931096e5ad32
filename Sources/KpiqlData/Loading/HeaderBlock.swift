import KpiqlEngine

/// The top of a file, read record by record on one thread: title lines above the header (the
/// layout names its line), the header, and rows straight under it that are more header (LG
/// Inform writes a row of period codes under its labels) or blank. The data start after it.
struct HeaderBlock {
    /// Column headings, trimmed (`column_N` for a file without a header row); Excel's empty
    /// trailing columns are not counted.
    var header: [String]
    /// Where the first data record starts, and its line.
    var dataStart: Int
    var dataLine: Int
    var skippedBlank = 0
    var subHeaders: [Int] = []

    static func read(_ source: SourceBytes, _ layout: FileLayout) throws(Diagnostic) -> HeaderBlock {
        let buf = source.buffer.buffer
        var pos = buf.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        /// The next record's fields and where it started, or nil at the end.
        func next() throws(Diagnostic) -> (fields: [String], start: Int, line: Int)? {
            guard pos < buf.count else { return nil }
            let start = pos, startLine = line
            var fields: [String] = []
            do throws(CSVReader.ScanError) {
                while true {
                    let (span, end) = try CSVReader.scanField(buf, &pos, layout.delimiter)
                    if fields.count >= CSVReader.maxColumns { throw .tooManyColumns(at: span.start) }
                    if span.end - span.start > CSVReader.maxFieldBytes { throw .fieldTooLong(at: span.start) }
                    fields.append(CSVReader.decode(buf, span).trimmed)
                    if end != .delimiter { break }
                }
            } catch {
                let (at, message, hint) = CSVReader.explain(error)
                let p = source.place(at, from: start, fromLine: startLine)
                throw LoadError.at(source.path, line: p.line, column: p.column, lineText: p.text, message, hints: [hint], code: "K401")
            }
            line += SourceBytes.lineBreaks(UnsafeBufferPointer(rebasing: buf[start..<pos]))
            return (fields, start, startLine)
        }
        while let r = try next() {
            if r.line < layout.headerLine { continue }
            var width = r.fields.count
            while width > 1 && r.fields[width - 1].isEmpty { width -= 1 }
            guard layout.hasHeader else {
                return HeaderBlock(header: (1...width).map { "column_\($0)" }, dataStart: r.start, dataLine: r.line)
            }
            var block = HeaderBlock(header: (0..<width).map { i in i < r.fields.count ? r.fields[i] : "" }, dataStart: pos, dataLine: line)
            // Rows straight under the header that are blank or start like it are more header.
            while let more = try next() {
                if more.fields.allSatisfy(\.isEmpty) { block.skippedBlank += 1 }
                else if !block.header[0].isEmpty && more.fields[0].lowercased() == block.header[0].lowercased() { block.subHeaders.append(more.line) }
                else { break }
                block.dataStart = pos
                block.dataLine = line
            }
            return block
        }
        throw LoadError.empty(source.path)
    }
}
