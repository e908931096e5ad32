/// GitHub-flavoured markdown tables that paste into committee papers: status as words,
/// direction as ▲ ▼ ↔, numbers right-aligned, pipes in text escaped.
struct MarkdownFormatter {
    let options: FormatOptions

    func render(_ r: ResultSet) -> String {
        var o = options
        o.colour = false
        var out = "| " + r.columns.map { escape($0.name) }.joined(separator: " | ") + " |\n"
        out += "|" + r.columns.map { $0.type == .number ? "---:|" : "---|" }.joined() + "\n"
        for row in 0..<r.rowCount {
            out += "| " + r.columns.map { c in escape(ResultFormatter.display(c[row], type: c.type, o) + ResultFormatter.note(c, row)) }.joined(separator: " | ") + " |\n"
        }
        return out
    }

    private func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: "<br>")
    }
}

/// One field per line, rows separated by a blank line (sqlite's `.mode line`), for wide rows.
struct LineFormatter {
    let options: FormatOptions

    func render(_ r: ResultSet) -> String {
        let width = r.columns.map { $0.name.displayWidth }.max() ?? 0
        var blocks: [String] = []
        for row in 0..<r.rowCount {
            blocks.append(r.columns.map { c in
                String(repeating: " ", count: width - c.name.displayWidth) + c.name + " = " + ResultFormatter.display(c[row], type: c.type, options)
                    + ResultFormatter.note(c, row)
            }.joined(separator: "\n") + "\n")
        }
        return blocks.joined(separator: "\n")
    }
}
