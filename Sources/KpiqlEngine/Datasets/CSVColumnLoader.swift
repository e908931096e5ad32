import Foundation

/// One column of a parsed CSV file: numbers (NaN missing) or dictionary-encoded text.
enum CSVColumn {
    case numbers([Double], anyValue: Bool)
    /// `codes[row]` indexes `values`; -1 is an empty cell.
    case text(codes: [Int32], values: [String])
}

/// Parses the data rows of a CSV buffer straight into typed columns, on one thread or on
/// several, each taking a slice of the file that starts at a line start.
///
/// Returns nil when the file is malformed (a stray quote, a row of the wrong length): the
/// caller then reads it again through `CSVReader.next()`, which says what is wrong and where.
enum CSVColumnLoader {
    struct Malformed: Error {}

    struct Chunk {
        var builders: [CSVColumnBuilder]
        var start: Int
        var end: Int
    }

    /// `release` is told of stretches of the buffer that have been parsed (see `ByteBuffer.release`).
    static func load(_ buf: UnsafeBufferPointer<UInt8>, from start: Int, columns: Int, delimiter: UInt8, threads: Int,
                     release: ((Range<Int>) -> Void)? = nil) -> [CSVColumn]? {
        // Below a few megabytes a second thread costs more than it saves.
        let parts = buf.count - start > (4 << 20) ? max(1, threads) : 1
        var bounds = [start]
        for k in 1..<max(parts, 1) {
            var i = start + (buf.count - start) * k / parts
            while i < buf.count && buf[i] != 0x0A { i += 1 }
            if i + 1 < buf.count && i + 1 > bounds.last! { bounds.append(i + 1) }
        }
        bounds.append(buf.count)
        let perRow = bytesPerRow(buf, from: start)
        // The first slice's columns get room for every row, so the others append into them.
        let capacities = (0..<(bounds.count - 1)).map { k in rowsIn(k == 0 ? buf.count - start : bounds[k + 1] - bounds[k], perRow) }
        // A slice boundary inside a quoted field shows as a slice that does not end where the
        // next begins (or fails); then the whole file is read again in one piece.
        if var chunks = parseAll(buf, bounds, capacities, columns: columns, delimiter: delimiter, release: release),
           zip(chunks, chunks.dropFirst()).allSatisfy({ $0.end == $1.start }) {
            return merge(buf, &chunks, columns: columns, delimiter: delimiter)
        }
        guard bounds.count > 2,
              let one = try? parse(buf, from: start, until: buf.count, capacity: capacities[0], columns: columns, delimiter: delimiter,
                                   release: release) else {
            return nil
        }
        var chunks = [one]
        return merge(buf, &chunks, columns: columns, delimiter: delimiter)
    }

    /// Average bytes per line over the first 256 KB, to size the columns once: growing them
    /// by doubling copied each column and touched twice the memory (page faults are a large
    /// part of a load, see BENCHMARKS.md).
    static func bytesPerRow(_ buf: UnsafeBufferPointer<UInt8>, from start: Int) -> Double {
        let end = min(buf.count, start + (256 << 10))
        var lines = 0
        for i in start..<end where buf[i] == 0x0A { lines += 1 }
        return lines == 0 ? Double(max(end - start, 1)) : Double(end - start) / Double(lines)
    }

    static func rowsIn(_ bytes: Int, _ perRow: Double) -> Int { Int(Double(bytes) / perRow * 1.02) + 16 }

    private static func parseAll(_ buf: UnsafeBufferPointer<UInt8>, _ bounds: [Int], _ capacities: [Int], columns: Int, delimiter: UInt8,
                                 release: ((Range<Int>) -> Void)?) -> [Chunk]? {
        let n = bounds.count - 1
        let chunks = Parallel.map((0..<n).map { $0..<($0 + 1) }, threads: n) { k -> Chunk? in
            try? parse(buf, from: bounds[k.lowerBound], until: bounds[k.lowerBound + 1], capacity: capacities[k.lowerBound],
                       columns: columns, delimiter: delimiter, release: release)
        }
        let parsed = chunks.compactMap { $0 }
        return parsed.count == n ? parsed : nil
    }

    /// Parses whole records from `from` until a record starts at or after `until`.
    static func parse(_ buf: UnsafeBufferPointer<UInt8>, from: Int, until: Int, capacity: Int, columns: Int, delimiter: UInt8,
                      release: ((Range<Int>) -> Void)? = nil) throws(Malformed) -> Chunk {
        var builders = (0..<columns).map { _ in CSVColumnBuilder(capacity: capacity) }
        var pos = from, rows = 0, released = from
        let last = columns - 1
        do throws(CSVReader.ScanError) {
            try builders.withUnsafeMutableBufferPointer { (b) throws(CSVReader.ScanError) in
                while pos < until {
                    for c in 0...last {
                        let (span, end) = try CSVReader.scanField(buf, &pos, delimiter)
                        if (end == .delimiter) != (c < last) { throw .quoteInField(at: pos) }
                        // Malformed sends the file back through CSVReader.next(), which says where and why.
                        if span.end - span.start > CSVReader.maxFieldBytes { throw .fieldTooLong(at: span.start) }
                        if !b[c].add(buf, span, stable: true) {
                            b[c].beginText()
                            for earlier in cells(buf, from: from, rows: rows, column: c, columns: columns, delimiter: delimiter) {
                                _ = b[c].add(buf, earlier, stable: true)
                            }
                            _ = b[c].add(buf, span, stable: true)
                        }
                    }
                    rows += 1
                    if let release, pos - released >= (16 << 20) { release(released..<pos); released = pos }
                }
            }
        } catch {
            throw Malformed()
        }
        return Chunk(builders: builders, start: from, end: pos)
    }

    /// The spans of one column in the first `rows` records from `from` (already read once,
    /// so well-formed): for a column that turns out to be text after all.
    static func cells(_ buf: UnsafeBufferPointer<UInt8>, from: Int, rows: Int, column: Int, columns: Int, delimiter: UInt8) -> [CSVReader.Span] {
        var out: [CSVReader.Span] = []
        out.reserveCapacity(rows)
        var pos = from
        for _ in 0..<rows {
            for c in 0..<columns {
                guard let (span, _) = try? CSVReader.scanField(buf, &pos, delimiter) else { return out }
                if c == column { out.append(span) }
            }
        }
        return out
    }

    /// Joins the slices column by column, into the first slice's columns (sized for all rows);
    /// a column that is text in any slice is text in all.
    private static func merge(_ buf: UnsafeBufferPointer<UInt8>, _ chunks: inout [Chunk], columns: Int, delimiter: UInt8) -> [CSVColumn] {
        (0..<columns).map { c in
            if chunks.contains(where: { $0.builders[c].mode == .text }) {
                for k in chunks.indices where chunks[k].builders[c].mode == .numbers {
                    let rows = chunks[k].builders[c].numbers.count
                    chunks[k].builders[c].beginText()
                    for span in cells(buf, from: chunks[k].start, rows: rows, column: c, columns: columns, delimiter: delimiter) {
                        _ = chunks[k].builders[c].add(buf, span, stable: true)
                    }
                }
            }
            for k in chunks.indices.dropFirst() {
                let part = chunks[k].builders[c]
                chunks[k].builders[c] = CSVColumnBuilder(capacity: 0)
                chunks[0].builders[c].append(part)
            }
            let column = chunks[0].builders[c].finish()
            chunks[0].builders[c] = CSVColumnBuilder(capacity: 0)
            return column
        }
    }
}
