import Foundation
import KpiqlEngine

/// Reads a file's records into typed columns: the header block on one thread, then the data
/// in one slice per thread, each slice starting at a line start and building its own columns,
/// which are joined in slice order. A malformed file, or a slice cut inside a quoted field,
/// is read again in one piece, which says exactly what is wrong and where.
struct ColumnScan {
    struct Output {
        var header: [String]
        var columns: [ColumnFinisher.Finished]
        var rows: Int
        var skippedBlank = 0
        /// File lines of rows passed over: a second header row straight under the first, and
        /// the header repeated further down.
        var subHeaders: [Int] = []
        var repeatedHeaders: [Int] = []
        /// The most the parsed bytes needed: ASCII, valid UTF-8, or a look by `TextDecoder.decide`.
        var stretch = TextDecoder.Stretch.ascii
        /// Where the data rows start (byte offset, file line), as `HeaderBlock` found them.
        var dataStart = 0
        var dataLine = 1
    }

    let source: SourceBytes
    let layout: FileLayout
    var path: String { source.path }

    /// Below a few megabytes a second thread costs more than it saves.
    static let bytesPerThread = 4 << 20

    func run(threads: Int, progress: ((Int64, Int64) -> Void)?) throws(Diagnostic) -> Output {
        let head = try HeaderBlock.read(source, layout)
        var out = Output(header: head.header, columns: [], rows: 0, skippedBlank: head.skippedBlank, subHeaders: head.subHeaders,
                         dataStart: head.dataStart, dataLine: head.dataLine)
        let scan = RecordScan(width: head.header.count, delimiter: layout.delimiter,
                              header: layout.hasHeader ? head.header.map { Array($0.utf8) } : [])
        let buf = source.buffer.buffer
        let parts = buf.count - head.dataStart > ColumnScan.bytesPerThread ? max(1, threads) : 1
        var slices = try parse(scan, from: head.dataStart, parts: parts, progress: progress)
        var skipped = RecordScan.Skipped()
        for s in slices { skipped.blank += s.skipped.blank; skipped.headers += s.skipped.headers }
        out.skippedBlank += skipped.blank
        var line = head.dataLine, at = head.dataStart
        for offset in skipped.headers {
            line += SourceBytes.lineBreaks(UnsafeBufferPointer(rebasing: buf[at..<offset]))
            at = offset
            out.repeatedHeaders.append(line)
        }
        out.stretch = max(slices.map(\.stretch).max() ?? .ascii, TextDecoder.classify(UnsafeBufferPointer(rebasing: buf[0..<head.dataStart])))
        out.columns = (0..<scan.width).map { c in merge(&slices, column: c, scan) }
        out.rows = slices.reduce(0) { $0 + $1.rows }
        for k in slices.indices { slices[k].builders = [] }
        progress?(Int64(buf.count), Int64(buf.count))
        return out
    }

    /// One slice's columns: `start` and `end` are where its records start and end.
    struct Slice {
        var builders: [ColumnBuilder]
        var start: Int
        var end: Int
        var rows: Int
        var skipped: RecordScan.Skipped
        var stretch = TextDecoder.Stretch.ascii
    }

    private func parse(_ scan: RecordScan, from start: Int, parts: Int, progress: ((Int64, Int64) -> Void)?) throws(Diagnostic) -> [Slice] {
        let buf = source.buffer.buffer
        var bounds = [start]
        for k in 1..<max(parts, 1) {
            var i = start + (buf.count - start) * k / parts
            while i < buf.count && buf[i] != 0x0A { i += 1 }
            if i + 1 < buf.count && i + 1 > bounds.last! { bounds.append(i + 1) }
        }
        bounds.append(buf.count)
        let perRow = ColumnScan.bytesPerRow(buf, from: start)
        let results = Parallel.map((0..<(bounds.count - 1)).map { $0..<($0 + 1) }, threads: parts) { k -> Result<Slice, RecordScan.Stop> in
            let i = k.lowerBound
            // The first slice's columns get room for every row, so the others append into them.
            let capacity = Int(Double(i == 0 ? buf.count - start : bounds[i + 1] - bounds[i]) / perRow * 1.02) + 16
            let report = i == 0 ? progress.map { p in { (pos: Int) in p(Int64(min(buf.count, start + (pos - start) * parts)), Int64(buf.count)) } } : nil
            return Result { () throws(RecordScan.Stop) in try slice(scan, from: bounds[i], until: bounds[i + 1], capacity: capacity, progress: report) }
        }
        // A slice boundary inside a quoted field shows as a slice that does not end where the
        // next begins (or that fails); then the file is read again in one piece.
        var slices: [Slice] = []
        for r in results { if case .success(let s) = r { slices.append(s) } }
        if slices.count == results.count, zip(slices, slices.dropFirst()).allSatisfy({ $0.end == $1.start }) { return slices }
        if results.count == 1, case .failure(let stop) = results[0] { throw diagnostic(stop, dataStart: start) }
        do {
            return [try slice(scan, from: start, until: buf.count, capacity: Int(Double(buf.count - start) / perRow * 1.02) + 16, progress: nil)]
        } catch {
            throw diagnostic(error, dataStart: start)
        }
    }

    private func slice(_ scan: RecordScan, from: Int, until: Int, capacity: Int, progress: ((Int) -> Void)?) throws(RecordScan.Stop) -> Slice {
        let buf = source.buffer.buffer
        var builders = (0..<scan.width).map { _ in ColumnBuilder(capacity: capacity) }
        var skipped = RecordScan.Skipped()
        var rows = 0, released = from, checked = from, stretch = TextDecoder.Stretch.ascii
        let end = try builders.withUnsafeMutableBufferPointer { (b) throws(RecordScan.Stop) -> Int in
            try scan.scan(buf, from: from, until: until, skipped: &skipped, tick: { pos in
                progress?(pos)
                // The stretch just parsed is still in cache: checking it here costs little.
                if source.unchecked && stretch != .other { stretch = max(stretch, TextDecoder.classify(UnsafeBufferPointer(rebasing: buf[checked..<pos]))) }
                checked = pos
                // The parsed stretch of a mapped file can go: pages come back from the cache if read again.
                if pos - released >= (16 << 20) { source.buffer.release(released..<pos); released = pos }
            }) { spans in
                for c in 0..<scan.width where !b[c].add(buf, spans[c], stable: true) {
                    b[c].beginText()
                    cells(scan, from: from, rows: rows, column: c) { _ = b[c].add(buf, $0, stable: true) }
                    _ = b[c].add(buf, spans[c], stable: true)
                }
                rows += 1
                return true
            }
        }
        if source.unchecked && stretch != .other { stretch = max(stretch, TextDecoder.classify(UnsafeBufferPointer(rebasing: buf[checked..<end]))) }
        return Slice(builders: builders, start: from, end: end, rows: rows, skipped: skipped, stretch: stretch)
    }

    /// The spans of column `column` in the first `rows` data records from `from` (already
    /// scanned once, so well-formed).
    func cells(_ scan: RecordScan, from: Int, rows: Int, column: Int, _ body: (CSVReader.Span) -> Void) {
        guard rows > 0 else { return }
        var k = 0, skipped = RecordScan.Skipped()
        _ = try? scan.scan(source.buffer.buffer, from: from, until: source.buffer.count, skipped: &skipped, tick: nil) { spans in
            body(spans[column])
            k += 1
            return k < rows
        }
    }

    /// Joins column `c` of every slice into the first (sized for all rows); a column that is
    /// text in any slice is text in all.
    private func merge(_ slices: inout [Slice], column c: Int, _ scan: RecordScan) -> ColumnFinisher.Finished {
        let buf = source.buffer.buffer
        if slices.contains(where: { $0.builders[c].mode == .text }) {
            for k in slices.indices where slices[k].builders[c].mode == .numbers {
                slices[k].builders[c].beginText()
                cells(scan, from: slices[k].start, rows: slices[k].rows, column: c) { _ = slices[k].builders[c].add(buf, $0, stable: true) }
            }
        }
        var whole = slices[0].builders[c]
        slices[0].builders[c] = ColumnBuilder(capacity: 0)
        for k in slices.indices.dropFirst() {
            whole.append(slices[k].builders[c])
            slices[k].builders[c] = ColumnBuilder(capacity: 0)
        }
        return ColumnFinisher.finish(whole) {
            var text = ColumnBuilder(capacity: 0)
            text.beginText()
            for s in slices { cells(scan, from: s.start, rows: s.rows, column: c) { _ = text.add(buf, $0, stable: false) } }
            return text
        }
    }

    /// A scan's stop as the diagnostic a user reads: FILE:LINE:COL, the line and a caret.
    func diagnostic(_ stop: RecordScan.Stop, dataStart: Int) -> Diagnostic {
        let head = (try? HeaderBlock.read(source, layout))
        let fromLine = head?.dataLine ?? 1, from = head?.dataStart ?? 0
        switch stop {
        case .malformed(let e):
            let (at, message, hint) = CSVReader.explain(e)
            let p = at >= from ? source.place(at, from: from, fromLine: fromLine) : source.place(at)
            return LoadError.at(path, line: p.line, column: p.column, lineText: p.text, message, hints: [hint], code: "K401")
        case .ragged(let start, let fields, let extra):
            let p = source.place(extra ?? start, from: from, fromLine: fromLine)
            let column = extra == nil ? p.text.utf8.count + 1 : p.column
            return LoadError.ragged(path, line: p.line, column: column, lineText: p.text, fields: fields,
                                    expected: head?.header.count ?? fields, headerLine: layout.headerLine, delimiter: layout.delimiter)
        }
    }

    /// Average bytes per line over the first 256 KB, to size the columns once: growing them
    /// by doubling copied each column and touched twice the memory.
    static func bytesPerRow(_ buf: UnsafeBufferPointer<UInt8>, from start: Int) -> Double {
        let end = min(buf.count, start + (256 << 10))
        var lines = 0
        for i in start..<end where buf[i] == 0x0A { lines += 1 }
        return lines == 0 ? Double(max(end - start, 1)) : Double(end - start) / Double(lines)
    }
}
