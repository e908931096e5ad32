import KpiqlEngine
import KpiqlData

/// Writes a `matches` pattern for the server from kpiql's own parse of it, so the server runs
/// the pattern kpiql means rather than its own reading of the text.
///
/// Every character class is written as explicit code point ranges (`\d` becomes `[0-9]`,
/// `.` becomes "anything but a newline", as in `LinearRegex`), every group as `(?:…)`, and
/// the subject is lower-cased on both sides, as kpiql matches. What remains (ranges, `|`,
/// `^ $`, counted repetition) means the same in PostgreSQL's AREs and DuckDB's RE2.
struct SQLRegex {
    let dialect: SQLDialect
    /// PostgreSQL refuses repetition counts above this (RE_DUP_MAX); kpiql's own parser stops
    /// at 100 today, so this only matters if that limit is raised.
    static let maxCount = 255

    /// The translated pattern, or nil when a count is beyond what the server accepts.
    func translate(_ pattern: String) -> String? {
        var parser = RegexParser(Array(pattern.lowercased().unicodeScalars))
        guard let node = try? parser.parse() else { return nil }
        return emit(node)
    }

    func emit(_ n: RegexParser.Node) -> String? {
        switch n {
        case .chars(let c): return charClass(c)
        case .lineStart: return "^"
        case .lineEnd: return "$"
        case .concat(let items):
            var out = ""
            for item in items { guard let s = emit(item) else { return nil }; out += s }
            return out
        case .alternation(let options):
            var parts: [String] = []
            for o in options { guard let s = emit(o) else { return nil }; parts.append(s) }
            return "(?:" + parts.joined(separator: "|") + ")"
        case .repetition(let inner, let lo, let hi):
            guard lo <= Self.maxCount, (hi ?? 0) <= Self.maxCount, let body = emit(inner) else { return nil }
            let count: String
            switch (lo, hi) {
            case (0, nil): count = "*"
            case (1, nil): count = "+"
            case (0, 1?): count = "?"
            case (_, nil): count = "{\(lo),}"
            case (_, let h?): count = lo == h ? "{\(lo)}" : "{\(lo),\(h)}"
            }
            return "(?:" + body + ")" + count
        }
    }

    /// A bracket expression of code point ranges; every character is escaped or spelled by number.
    func charClass(_ c: CharClass) -> String {
        if c.ranges.isEmpty { return c.negated ? "[\\s\\S]" : "[^\\s\\S]" }
        let body = c.ranges.map { r in r.lowerBound == r.upperBound ? char(r.lowerBound) : char(r.lowerBound) + "-" + char(r.upperBound) }.joined()
        return "[" + (c.negated ? "^" : "") + body + "]"
    }

    func char(_ v: UInt32) -> String {
        if let s = Unicode.Scalar(v), s.properties.isAlphabetic || (v >= 0x30 && v <= 0x39) { return String(Character(s)) }
        let hex = String(v, radix: 16)
        switch dialect {
        case .postgres: return v <= 0xFFFF ? "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                                           : "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
        case .duckdb: return "\\x{" + hex + "}"
        }
    }
}
