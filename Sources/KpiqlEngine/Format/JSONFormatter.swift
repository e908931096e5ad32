/// JSON (an array of objects) and JSON Lines (one object per line). Numbers are JSON numbers,
/// missing values null, symbols strings.
enum JSONFormatter {
    static func render(_ r: ResultSet, lines: Bool) -> String {
        var objects: [String] = []
        for row in 0..<r.rowCount {
            let fields = r.columns.map { c in quote(c.name) + ":" + (lines ? "" : " ") + json(c[row]) }
            objects.append("{" + fields.joined(separator: lines ? "," : ", ") + "}")
        }
        if lines { return objects.map { $0 + "\n" }.joined() }
        return objects.isEmpty ? "[]\n" : "[\n" + objects.map { "  " + $0 }.joined(separator: ",\n") + "\n]\n"
    }

    static func json(_ v: Value) -> String {
        switch v {
        case .missing: return "null"
        case .number(let d): return d.isFinite ? NumberFormat.plain(d) : "null"
        case .text(let s), .symbol(let s): return quote(s)
        case .bool(let b): return b ? "true" : "false"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}
