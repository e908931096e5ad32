/// CSV and TSV for spreadsheets and scripts: a header row of field names or aliases, RFC 4180
/// quoting, numbers at full precision, missing values empty.
///
/// Text that starts with = + - @ tab or CR is a formula to Excel; such cells get a leading
/// `'` unless `raw` is set, because council analysts open these files in Excel.
struct CSVFormatter {
    let delimiter: Character
    let raw: Bool

    func render(_ r: ResultSet) -> String {
        // Bytes appended to one buffer, then one String: appending String to String per
        // cell was a third of a 30 000-row --engine run. Columns are read out once, not
        // copied for every row.
        let sep = delimiter.asciiValue ?? 0x2C
        var out: [UInt8] = []
        out.reserveCapacity(64 + r.rowCount * r.columns.count * 12)
        for (i, c) in r.columns.enumerated() {
            if i > 0 { out.append(sep) }
            append(c.name, isText: true, to: &out)
        }
        out.append(0x0A)
        let columns = r.columns.map(\.values)
        for row in 0..<r.rowCount {
            for i in columns.indices {
                if i > 0 { out.append(sep) }
                switch columns[i][row] {
                case .missing: break
                case .number(let d): out.append(contentsOf: NumberFormat.plain(d).utf8)
                case .text(let s), .symbol(let s): append(s, isText: true, to: &out)
                case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
                }
            }
            out.append(0x0A)
        }
        return String(decoding: out, as: UTF8.self)
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
        var s = text
        let d = delimiter.asciiValue ?? 0x2C
        if !raw, isText, let first = s.utf8.first, Self.startsFormula(first) {
            s = "'" + s
        }
        let tsv = d == 0x09
        func special(_ b: UInt8) -> Bool { tsv ? Self.isTSVBreak(b) : (b == d || b == 0x22 || b == 0x0A || b == 0x0D) }
        // Native strings are contiguous: scanned and copied as a buffer, not byte by byte.
        let done: Bool? = s.utf8.withContiguousStorageIfAvailable { buf in
            for b in buf where special(b) { return false }
            out.append(contentsOf: buf)
            return true
        }
        if done == true { return }
        if done == nil, !s.utf8.contains(where: special) { out.append(contentsOf: s.utf8); return }
        if tsv {
            // TSV has no quoting: tabs and newlines inside a cell become spaces.
            for b in s.utf8 { out.append(Self.isTSVBreak(b) ? 0x20 : b) }
            return
        }
        out.append(0x22)
        for b in s.utf8 {
            out.append(b)
            if b == 0x22 { out.append(0x22) }
        }
        out.append(0x22)
    }

    /// = + - @ tab CR: what makes Excel read a cell as a formula.
    static func startsFormula(_ b: UInt8) -> Bool { b == 0x3D || b == 0x2B || b == 0x2D || b == 0x40 || b == 0x09 || b == 0x0D }
    static func isTSVBreak(_ b: UInt8) -> Bool { b == 0x09 || b == 0x0A || b == 0x0D }
}
