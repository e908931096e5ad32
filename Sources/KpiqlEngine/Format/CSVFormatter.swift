/// CSV and TSV for spreadsheets and scripts: a header row of field names or aliases, RFC 4180
/// quoting, numbers at full precision, missing values empty.
///
/// Text that starts with = + - @ tab or CR is a formula to Excel; such cells get a leading
/// `'` unless `raw` is set, because council analysts open these files in Excel.
struct CSVFormatter {
    let delimiter: Character
    let raw: Bool

    func render(_ r: ResultSet) -> String {
        var out = r.columns.map { field($0.name, isText: true) }.joined(separator: String(delimiter)) + "\n"
        for row in 0..<r.rowCount {
            out += r.columns.map { c -> String in
                switch c[row] {
                case .missing: return ""
                case .number(let d): return NumberFormat.plain(d)
                case .text(let s), .symbol(let s): return field(s, isText: true)
                case .bool(let b): return b ? "true" : "false"
                }
            }.joined(separator: String(delimiter))
            out += "\n"
        }
        return out
    }

    func field(_ s: String, isText: Bool) -> String {
        var s = s
        if !raw, isText, let first = s.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(Character(first)) {
            s = "'" + s
        }
        if delimiter == "\t" {
            // TSV has no quoting: tabs and newlines inside a cell become spaces.
            return s.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
        }
        if s.contains(delimiter) || s.contains("\"") || s.contains("\n") || s.contains("\r") {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }
}
