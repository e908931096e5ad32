import Foundation
import KpiqlEngine

/// A file read into typed columns, before any format is recognised in it: what the stages
/// `SourceBytes` → `FileLayout` → `HeaderBlock` → `ColumnScan` produce, and what the format
/// readers (metric roles, long layouts, Fingertips, LG Inform, the bundled datasets) turn
/// into a table.
///
/// The file is read once, in one slice per thread; nothing but the columns and the mapped
/// file (whose pages are let go behind the parser) is in memory, so the peak is close to the
/// size of the table, not of the file.
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
    /// The file line of a data row (for messages that name rows: it reads the file again).
    var lineOfRow: (Int) -> Int = { $0 + 2 }

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

    /// Reads the file at `path`; `progress` gets (bytes done, bytes to do).
    static func read(path: String, threads: Int = 1, progress: ((Int64, Int64) -> Void)? = nil) throws(Diagnostic) -> LoadedFile {
        try read(try SourceBytes.map(path: path), threads: threads, progress: progress)
    }

    static func read(_ given: SourceBytes, threads: Int = 1, progress: ((Int64, Int64) -> Void)? = nil) throws(Diagnostic) -> LoadedFile {
        var source = given
        var layout: FileLayout
        var scan: ColumnScan.Output
        do {
            layout = try FileLayout.detect(source)
            scan = try ColumnScan(source: source, layout: layout).run(threads: threads, progress: progress)
        } catch {
            // A file that is not UTF-8 says so first; then its bytes are read again as text.
            guard source.unchecked else { throw error }
            let decided = try source.decided(threads: threads)
            guard decided.buffer !== source.buffer else { throw error }
            return try read(decided, threads: threads, progress: progress)
        }
        if source.unchecked && scan.stretch == .other {
            // Bytes that are not UTF-8 (or a NUL): decide; Windows-1252 is transcoded and read again.
            source = try source.decided(threads: threads)
            if source.buffer !== given.buffer { return try read(source, threads: threads, progress: progress) }
        }
        return try finish(source, layout, scan)
    }

    private static func finish(_ source: SourceBytes, _ layout: FileLayout, _ scan: ColumnScan.Output) throws(Diagnostic) -> LoadedFile {
        guard scan.rows > 0 else { throw LoadError.headerOnly(source.path, headerLine: layout.headerLine, columns: scan.header.count) }
        // Columns with neither a heading nor a value (Excel's trailing commas) are dropped.
        let keep = scan.header.indices.filter { i in !scan.header[i].isEmpty || !scan.columns[i].profile.isEmpty }
        let headers = keep.map { i in scan.header[i].isEmpty ? "column_\(i + 1)" : scan.header[i] }
        let kinds = keep.map { scan.columns[$0].kind }
        var file = LoadedFile(path: source.path, layout: layout, encoding: source.encoding, headers: headers,
                              names: uniqueNames(headers, kinds), kinds: kinds, columns: keep.map { scan.columns[$0].data },
                              rowCount: scan.rows, profiles: keep.map { scan.columns[$0].profile })
        // Where the rows start, as the scan found it (the header block is read once per load).
        let head = (dataStart: scan.dataStart, dataLine: scan.dataLine)
        let rows = RecordScan(width: scan.header.count, delimiter: layout.delimiter, header: layout.hasHeader ? scan.header.map { Array($0.utf8) } : [])
        file.lineOfRow = { r in
            // The line after the row before: blank rows between are rare and only shift a message.
            guard r > 0 else { return head.dataLine }
            var k = 0, skipped = RecordScan.Skipped()
            let end = (try? rows.scan(source.buffer.buffer, from: head.dataStart, until: source.buffer.count, skipped: &skipped, tick: nil) { _ in
                k += 1
                return k < r
            }) ?? head.dataStart
            return head.dataLine + SourceBytes.lineBreaks(UnsafeBufferPointer(rebasing: source.buffer.buffer[head.dataStart..<end]))
        }
        if scan.skippedBlank > 0 { file.notes.append("\(scan.skippedBlank) blank row\(scan.skippedBlank == 1 ? "" : "s") skipped") }
        if !scan.subHeaders.isEmpty {
            let lines = scan.subHeaders.map(String.init).joined(separator: ", ")
            file.notes.append("a second header row under the first (line\(scan.subHeaders.count == 1 ? "" : "s") \(lines)) skipped")
        }
        if !scan.repeatedHeaders.isEmpty {
            let lines = scan.repeatedHeaders.prefix(5).map(String.init).joined(separator: ", ")
            file.notes.append("header row\(scan.repeatedHeaders.count == 1 ? "" : "s") repeated on line\(scan.repeatedHeaders.count == 1 ? "" : "s") \(lines) skipped")
        }
        return file
    }

    /// Field names from headings, made unique with `_2`, `_3` … in order. A heading that
    /// starts with a digit gets a letter first: `p_` for a period of numbers (`2023/24` is
    /// `p_2023_24`), `c_` for any other column.
    static func uniqueNames(_ headers: [String], _ kinds: [ColumnKind]) -> [String] {
        var seen: [String: Int] = [:]
        return zip(headers, kinds).map { h, kind in
            var base = fieldName(h)
            if base.hasPrefix("c_"), kind == .number, RoleRecognizer.isPeriodHeading(h) { base = "p_" + base.dropFirst(2) }
            seen[base, default: 0] += 1
            return seen[base]! == 1 ? base : "\(base)_\(seen[base]!)"
        }
    }

    /// A heading made into a field name: lower case, runs of other characters become `_`.
    static func fieldName(_ header: String) -> String {
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
