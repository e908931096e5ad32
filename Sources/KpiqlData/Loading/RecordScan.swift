import KpiqlEngine

/// The data records of a stretch of a file, scanned with `CSVReader.scanField` and checked the
/// way every load checks them: blank rows and repeats of the header are passed over, Excel's
/// empty trailing fields are dropped, and a row of the wrong width stops the scan with its place.
///
/// The one loop over records: the parsing threads, the re-reading of a column that turned out
/// to be text, and the line lookups of error messages all go through `scan`, so they agree
/// on which records are data.
struct RecordScan {
    /// What made a scan stop early, at a byte offset of the file.
    enum Stop: Error {
        case malformed(CSVReader.ScanError)
        /// A record with `fields` fields where the header has `width`; `extra` is the offset
        /// of the first non-empty field past the width, if that is the fault.
        case ragged(recordStart: Int, fields: Int, extra: Int?)
    }

    /// Rows passed over in one stretch, as byte offsets of their records.
    struct Skipped {
        var blank = 0
        var headers: [Int] = []
    }

    let width: Int
    let delimiter: UInt8
    /// The header's cells, trimmed, to recognise a header pasted again further down.
    let header: [[UInt8]]

    /// Scans records from `from` until one starts at or after `until`, calling `row` with each
    /// data record's `width` field spans (it returns false to stop) and `tick` with the
    /// position every 4,096 records (about half a megabyte). Returns where the scan ended.
    func scan(_ buf: UnsafeBufferPointer<UInt8>, from: Int, until: Int, skipped: inout Skipped, tick: ((Int) -> Void)?,
              row: (UnsafeBufferPointer<CSVReader.Span>) -> Bool) throws(Stop) -> Int {
        var spans = [CSVReader.Span](repeating: CSVReader.Span(start: 0, end: 0, escaped: false), count: width)
        var pos = from
        try spans.withUnsafeMutableBufferPointer { (s) throws(Stop) in
            let view = UnsafeBufferPointer(s)
            var records = 0
            while pos < until {
                records += 1
                if records & 0xFFF == 0 { tick?(pos) }
                let start = pos
                var count = 0, extra: Int? = nil
                while true {
                    let field: (CSVReader.Span, CSVReader.Terminator)
                    do throws(CSVReader.ScanError) { field = try CSVReader.scanField(buf, &pos, delimiter) } catch { throw .malformed(error) }
                    let span = field.0
                    if span.end - span.start > CSVReader.maxFieldBytes { throw .malformed(.fieldTooLong(at: span.start)) }
                    if count < width { s[count] = span } else if extra == nil && !RecordScan.isBlank(buf, span) { extra = span.start }
                    count += 1
                    if count > CSVReader.maxColumns { throw .malformed(.tooManyColumns(at: span.start)) }
                    if field.1 != .delimiter { break }
                }
                if count < width || extra != nil {
                    if extra == nil && (0..<min(count, width)).allSatisfy({ RecordScan.isBlank(buf, s[$0]) }) { skipped.blank += 1; continue }
                    throw .ragged(recordStart: start, fields: count, extra: extra)
                }
                // Cheap checks first: most rows have a value in their first cell.
                if RecordScan.isBlank(buf, s[0]) && (1..<width).allSatisfy({ RecordScan.isBlank(buf, s[$0]) }) { skipped.blank += 1; continue }
                if !header.isEmpty && isHeader(buf, view) { skipped.headers.append(start); continue }
                if !row(view) { return }
            }
        }
        return pos
    }

    /// The record repeats the header (a second export pasted below the first).
    private func isHeader(_ buf: UnsafeBufferPointer<UInt8>, _ s: UnsafeBufferPointer<CSVReader.Span>) -> Bool {
        guard RecordScan.equals(buf, s[0], header[0]) else { return false }
        return (1..<width).allSatisfy { RecordScan.equals(buf, s[$0], header[$0]) }
    }

    /// The field, trimmed of ASCII spaces, is `text` ignoring ASCII case.
    static func equals(_ buf: UnsafeBufferPointer<UInt8>, _ span: CSVReader.Span, _ text: [UInt8]) -> Bool {
        var a = span.start, b = span.end
        while a < b && ColumnBuilder.isSpace(buf[a]) { a += 1 }
        while b > a && ColumnBuilder.isSpace(buf[b - 1]) { b -= 1 }
        guard b - a == text.count else { return false }
        for k in 0..<text.count where lower(buf[a + k]) != lower(text[k]) { return false }
        return true
    }

    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b + 0x20 : b }

    @inline(__always)
    static func isBlank(_ buf: UnsafeBufferPointer<UInt8>, _ span: CSVReader.Span) -> Bool {
        var i = span.start
        while i < span.end { if !ColumnBuilder.isSpace(buf[i]) { return false }; i += 1 }
        return true
    }
}
