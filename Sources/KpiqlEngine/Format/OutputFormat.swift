/// The output formats, shared by `--format` and `.mode`.
public enum OutputFormat: String, CaseIterable, Sendable {
    case table, csv, tsv, json, jsonl, markdown, line

    /// Accepts the names and a few aliases analysts type (`md`, `box`).
    public init?(name: String) {
        switch name.lowercased() {
        case "md": self = .markdown
        case "box": self = .table
        case "ndjson": self = .jsonl
        default:
            guard let f = OutputFormat(rawValue: name.lowercased()) else { return nil }
            self = f
        }
    }
}

/// How results are written: the format plus the few settings people change.
public struct FormatOptions: Sendable {
    public var format: OutputFormat = .table
    /// Terminal width to fit tables into; nil means never cut.
    public var maxWidth: Int?
    /// Shown for a missing value in tables and markdown.
    public var missingMarker = "·"
    /// ANSI colour for status cells (only when writing to a terminal).
    public var colour = false
    /// CSV/TSV: leave text cells that start with = + - @ as they are (see `CSVFormatter`).
    public var raw = false
    /// Print "(N rows)" under tables.
    public var showRowCount = true
    public var decimals = 2

    public init(format: OutputFormat = .table) { self.format = format }
}

/// Writes a result set in the chosen format.
public enum ResultFormatter {
    public static func render(_ r: ResultSet, _ o: FormatOptions) -> String {
        switch o.format {
        case .table:
            // Too many columns to fit even when cut: one field per line reads better than a mangled table.
            if let w = o.maxWidth, TableFormatter.narrowest(r) > w { return LineFormatter(options: o).render(r) + rowsLabel(r.rowCount) + "\n" }
            return TableFormatter(options: o).render(r)
        case .csv: return CSVFormatter(delimiter: ",", raw: o.raw).render(r)
        case .tsv: return CSVFormatter(delimiter: "\t", raw: o.raw).render(r)
        case .json: return JSONFormatter.render(r, lines: false)
        case .jsonl: return JSONFormatter.render(r, lines: true)
        case .markdown: return MarkdownFormatter(options: o).render(r)
        case .line: return LineFormatter(options: o).render(r)
        }
    }

    /// The text of CSV and TSV as UTF-8 bytes (what `render` decodes), nil for other formats.
    public static func bytes(_ r: ResultSet, _ o: FormatOptions) -> [UInt8]? {
        switch o.format {
        case .csv: return CSVFormatter(delimiter: ",", raw: o.raw).bytes(r)
        case .tsv: return CSVFormatter(delimiter: "\t", raw: o.raw).bytes(r)
        default: return nil
        }
    }

    /// A cell as people read it: numbers rounded for display, direction as an arrow.
    static func display(_ v: Value, type: FieldType, _ o: FormatOptions) -> String {
        switch v {
        case .missing: return o.missingMarker
        case .number(let d): return NumberFormat.display(d, decimals: o.decimals)
        case .symbol(let s):
            if case .enumeration(let d) = type, d == .direction {
                return s == "up" ? "▲" : (s == "down" ? "▼" : "↔")
            }
            return s
        case .text(let s): return s
        case .bool(let b): return b ? "true" : "false"
        }
    }

    /// " (Q2 Sept vs Q1 June · council's report: improving)": a cell's note, or nothing.
    static func note(_ c: ResultSet.Column, _ row: Int) -> String {
        guard let n = c.notes, row < n.count, let text = n[row], !text.isEmpty else { return "" }
        return " (" + text + ")"
    }

    static func rowsLabel(_ n: Int) -> String { n == 1 ? "(1 row)" : "(\(n) rows)" }
}
