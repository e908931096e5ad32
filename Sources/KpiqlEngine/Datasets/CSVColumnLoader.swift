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

    static func load(_ buf: UnsafeBufferPointer<UInt8>, from start: Int, columns: Int, delimiter: UInt8, threads: Int) -> [CSVColumn]? {
        // Below a few megabytes a second thread costs more than it saves.
        let parts = buf.count - start > (4 << 20) ? max(1, threads) : 1
        var bounds = [start]
        for k in 1..<max(parts, 1) {
            var i = start + (buf.count - start) * k / parts
            while i < buf.count && buf[i] != 0x0A { i += 1 }
            if i + 1 < buf.count && i + 1 > bounds.last! { bounds.append(i + 1) }
        }
        bounds.append(buf.count)
        let chunks = parseAll(buf, bounds, columns: columns, delimiter: delimiter)
        // A slice boundary inside a quoted field shows as a slice that does not end where the
        // next begins (or fails); then the whole file is read again in one piece.
        if let chunks, zip(chunks, chunks.dropFirst()).allSatisfy({ $0.end == $1.start }) {
            return merge(buf, chunks, columns: columns, delimiter: delimiter)
        }
        guard bounds.count > 2, let one = try? parse(buf, from: start, until: buf.count, columns: columns, delimiter: delimiter) else {
            return nil
        }
        return merge(buf, [one], columns: columns, delimiter: delimiter)
    }

    private static func parseAll(_ buf: UnsafeBufferPointer<UInt8>, _ bounds: [Int], columns: Int, delimiter: UInt8) -> [Chunk]? {
        let n = bounds.count - 1
        if n == 1 { return (try? parse(buf, from: bounds[0], until: bounds[1], columns: columns, delimiter: delimiter)).map { [$0] } }
        let results = UnsafeMutableBufferPointer<Chunk?>.allocate(capacity: n)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        DispatchQueue.concurrentPerform(iterations: n) { k in
            results[k] = try? parse(buf, from: bounds[k], until: bounds[k + 1], columns: columns, delimiter: delimiter)
        }
        let chunks = results.compactMap { $0 }
        return chunks.count == n ? chunks : nil
    }

    /// Parses whole records from `from` until a record starts at or after `until`.
    static func parse(_ buf: UnsafeBufferPointer<UInt8>, from: Int, until: Int, columns: Int, delimiter: UInt8) throws(Malformed) -> Chunk {
        var builders = [CSVColumnBuilder](repeating: CSVColumnBuilder(capacity: 0), count: columns)
        var pos = from, rows = 0
        let last = columns - 1
        do throws(CSVReader.ScanError) {
            try builders.withUnsafeMutableBufferPointer { (b) throws(CSVReader.ScanError) in
                while pos < until {
                    for c in 0...last {
                        let (span, end) = try CSVReader.scanField(buf, &pos, delimiter)
                        if (end == .delimiter) != (c < last) { throw .quoteInField(at: pos) }
                        if !b[c].add(buf, span, stable: true) {
                            b[c].beginText()
                            for earlier in cells(buf, from: from, rows: rows, column: c, columns: columns, delimiter: delimiter) {
                                _ = b[c].add(buf, earlier, stable: true)
                            }
                            _ = b[c].add(buf, span, stable: true)
                        }
                    }
                    rows += 1
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

    /// Joins the slices column by column; a column that is text in any slice is text in all.
    private static func merge(_ buf: UnsafeBufferPointer<UInt8>, _ chunks: [Chunk], columns: Int, delimiter: UInt8) -> [CSVColumn] {
        (0..<columns).map { c in
            if chunks.allSatisfy({ $0.builders[c].mode == .numbers }) {
                if chunks.count == 1 { return chunks[0].builders[c].finish() }
                var all: [Double] = []
                all.reserveCapacity(chunks.reduce(0) { $0 + $1.builders[c].numbers.count })
                for ch in chunks { all += ch.builders[c].numbers }
                return .numbers(all, anyValue: chunks.contains { $0.builders[c].anyValue })
            }
            var parts: [CSVColumnBuilder] = chunks.map { ch in
                var b = ch.builders[c]
                if b.mode == .numbers {
                    let rows = b.numbers.count
                    b.beginText()
                    for span in cells(buf, from: ch.start, rows: rows, column: c, columns: columns, delimiter: delimiter) {
                        _ = b.add(buf, span, stable: true)
                    }
                }
                return b
            }
            if parts.count == 1 { return parts[0].finish() }
            var dictionary = parts[0].dictionary
            var codes = parts[0].codes
            for k in 1..<parts.count {
                let d = parts[k].dictionary
                let remap = (0..<d.count).map { i in Array(d.value(i)).withUnsafeBufferPointer { v in dictionary.code(v.baseAddress ?? ByteDictionary.empty, v.count) } }
                codes += parts[k].codes.map { $0 < 0 ? -1 : remap[Int($0)] }
                parts[k] = CSVColumnBuilder(capacity: 0)
            }
            return .text(codes: codes, values: dictionary.strings())
        }
    }
}
