/// CSV and TSV for spreadsheets and scripts: a header row of field names or aliases, RFC 4180
/// quoting, numbers at full precision, missing values empty.
///
/// Text that starts with = + - @ tab or CR is a formula to Excel; such cells get a leading
/// `'` unless `raw` is set, because council analysts open these files in Excel.
struct CSVFormatter {
    let delimiter: Character
    let raw: Bool
    /// The delimiter's byte, worked out once (`Character.asciiValue` per cell showed in profiles).
    private let sep: UInt8

    init(delimiter: Character, raw: Bool) {
        self.delimiter = delimiter
        self.raw = raw
        sep = delimiter.asciiValue ?? 0x2C
    }

    func render(_ r: ResultSet) -> String {
        String(decoding: bytes(r), as: UTF8.self)
    }

    /// The text's bytes. Bytes are appended to one buffer: appending String to String per
    /// cell was a third of a 30 000-row --engine run. Each column is written from its own
    /// storage (doubles, codes into strings, enum bytes) without a `Value` per cell, and a
    /// long result in two halves on two threads, joined in order (BENCHMARKS.md, Server: CSV
    /// of Q1's and Q5's 30 000–40 000 rows at 1M was most of kpiql's overhead over psql).
    func bytes(_ r: ResultSet) -> [UInt8] {
        var head: [UInt8] = []
        for (i, c) in r.columns.enumerated() {
            if i > 0 { head.append(sep) }
            append(c.name, isText: true, to: &head)
        }
        head.append(0x0A)
        let columns = r.columns.map { Cells($0, rows: r.rowCount, self) }
        let n = r.rowCount
        let halves = n >= 8192 ? [0..<n / 2, n / 2..<n] : [0..<n]
        var parts = Parallel.map(halves, threads: 2) { rows in
            // Generous: pages reserved and never written cost nothing, a regrown buffer is
            // copied. The first half holds the whole text in the end.
            var part: [UInt8] = rows.lowerBound == 0 ? head : []
            part.reserveCapacity(head.count + (rows.lowerBound == 0 ? n : rows.count) * columns.count * 32)
            for row in rows {
                for i in columns.indices {
                    if i > 0 { part.append(sep) }
                    columns[i].append(row, to: &part, self)
                }
                part.append(0x0A)
            }
            return part
        }
        var out = parts.removeFirst()
        for part in parts { out.append(contentsOf: part) }
        return out
    }

    /// One column's cells as the formatter reads them: its storage, with each enum symbol's
    /// bytes, and each distinct text's when there are not many more of them than rows, worked
    /// out once (a 30 000-row result holds a few hundred councils and priorities). A class of
    /// `let` arrays read through buffers: an enum's payloads were retained and released per
    /// cell (5% of a 30 000-row --engine run).
    private final class Cells {
        enum Kind { case values, numbers, text, written, symbols }
        let kind: Kind
        let values: [Value]
        let numbers: [Double]
        let codes: [Int32]
        let strings: [String]
        /// Text or symbol `code` is written as `arena[starts[code] ..< starts[code + 1]]`.
        let arena: [UInt8]
        let starts: [Int]
        let symbols: [UInt8]

        init(_ c: ResultSet.Column, rows: Int, _ f: CSVFormatter) {
            var kind = Kind.values, values: [Value] = [], numbers: [Double] = [], codes: [Int32] = [], strings: [String] = []
            var symbols: [UInt8] = [], written: [String] = []
            switch c.storage {
            case .values(let v): values = v
            case .numbers(let v): kind = .numbers; numbers = v
            case .text(let c, let s) where s.count > 2 * rows + 1024: kind = .text; codes = c; strings = s
            case .text(let c, let s): kind = .written; codes = c; written = s
            case .symbols(let c, let domain): kind = .symbols; symbols = c; written = domain.values
            }
            var arena: [UInt8] = [], starts = [0]
            for s in written {
                f.append(s, isText: true, to: &arena)
                starts.append(arena.count)
            }
            (self.kind, self.values, self.numbers, self.codes, self.strings) = (kind, values, numbers, codes, strings)
            (self.arena, self.starts, self.symbols) = (arena, starts, symbols)
        }

        @inline(__always)
        func append(_ row: Int, to out: inout [UInt8], _ f: CSVFormatter) {
            switch kind {
            case .numbers: NumberFormat.appendPlain(numbers[row], to: &out)
            case .written: written(Int(codes[row]), to: &out)
            case .symbols: written(symbols[row] == EnumDomain.missingCode ? -1 : Int(symbols[row]), to: &out)
            case .text: if codes[row] >= 0 { f.append(strings[Int(codes[row])], isText: true, to: &out) }
            case .values:
                switch values[row] {
                case .missing: break
                case .number(let d): NumberFormat.appendPlain(d, to: &out)
                case .text(let s), .symbol(let s): f.append(s, isText: true, to: &out)
                case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
                }
            }
        }

        @inline(__always)
        private func written(_ code: Int, to out: inout [UInt8]) {
            guard code >= 0, code + 1 < starts.count else { return }
            let a = starts[code], b = starts[code + 1]
            arena.withUnsafeBufferPointer { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[a..<b])) }
        }
    }

    /// One cell, quoted or cleaned as the format needs.
    func field(_ s: String, isText: Bool) -> String {
        var out: [UInt8] = []
        append(s, isText: isText, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends one cell's bytes. The tests are on UTF-8 bytes: every byte looked for is ASCII,
    /// which never occurs inside a multi-byte character, and a byte scan is many times faster
    /// than Foundation's substring search, where most of the formatting time went before.
    func append(_ text: String, isText: Bool, to out: inout [UInt8]) {
        // Native strings are contiguous: scanned and copied as a buffer, not byte by byte.
        if text.utf8.withContiguousStorageIfAvailable({ append($0, isText: isText, to: &out) }) != nil { return }
        var copy = text
        copy.makeContiguousUTF8()
        copy.utf8.withContiguousStorageIfAvailable { append($0, isText: isText, to: &out) }
    }

    private func append(_ buf: UnsafeBufferPointer<UInt8>, isText: Bool, to out: inout [UInt8]) {
        let d = sep, tsv = sep == 0x09
        let formula = !raw && isText && !buf.isEmpty && Self.startsFormula(buf[0])
        func special(_ b: UInt8) -> Bool { tsv ? Self.isTSVBreak(b) : (b == d || b == 0x22 || b == 0x0A || b == 0x0D) }
        if !buf.contains(where: special) {
            if formula { out.append(0x27) }
            out.append(contentsOf: buf)
            return
        }
        if tsv {
            // TSV has no quoting: tabs and newlines inside a cell become spaces.
            if formula { out.append(0x27) }
            for b in buf { out.append(Self.isTSVBreak(b) ? 0x20 : b) }
            return
        }
        out.append(0x22)
        if formula { out.append(0x27) }
        for b in buf {
            out.append(b)
            if b == 0x22 { out.append(0x22) }
        }
        out.append(0x22)
    }

    /// = + - @ tab CR: what makes Excel read a cell as a formula.
    static func startsFormula(_ b: UInt8) -> Bool { b == 0x3D || b == 0x2B || b == 0x2D || b == 0x40 || b == 0x09 || b == 0x0D }
    static func isTSVBreak(_ b: UInt8) -> Bool { b == 0x09 || b == 0x0A || b == 0x0D }
}
