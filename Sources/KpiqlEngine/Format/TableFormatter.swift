/// Box-drawn tables for people: numbers right-aligned, missing values marked, long text cut
/// with "…" to fit the terminal, and status coloured on a colour terminal.
struct TableFormatter {
    let options: FormatOptions

    func render(_ r: ResultSet) -> String {
        let o = options
        let headers = r.columns.map(\.name)
        var cells: [[String]] = r.columns.map { c in
            c.values.map { ResultFormatter.display($0, type: c.type, o).replacingOccurrences(of: "\n", with: " ") }
        }
        var widths = zip(headers, cells).map { h, col in max(h.displayWidth, col.map(\.displayWidth).max() ?? 0) }
        if let maxWidth = o.maxWidth { fit(&widths, headers: headers, into: maxWidth) }
        for c in cells.indices {
            for i in cells[c].indices where cells[c][i].displayWidth > widths[c] { cells[c][i] = cut(cells[c][i], widths[c]) }
        }
        let numeric = r.columns.map { $0.type == .number }
        var out = "┌" + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: "┬") + "┐\n"
        out += "│" + headers.enumerated().map { i, h in " " + pad(cut(h, widths[i]), widths[i], right: false) + " " }.joined(separator: "│") + "│\n"
        out += "├" + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: "┼") + "┤\n"
        for row in 0..<r.rowCount {
            out += "│"
            for c in cells.indices {
                let text = pad(cells[c][row], widths[c], right: numeric[c])
                out += " " + colour(text, r.columns[c], row) + " │"
            }
            out += "\n"
        }
        out += "└" + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: "┴") + "┘\n"
        if o.showRowCount { out += ResultFormatter.rowsLabel(r.rowCount) + "\n" }
        for f in r.footnotes { out += f + "\n" }
        return out
    }

    /// The width of the table with every column cut to its floor (6 characters, or less if narrower).
    static func narrowest(_ r: ResultSet) -> Int {
        let floors = r.columns.map { c in min(6, max(c.name.displayWidth, c.values.map { $0.description.displayWidth }.max() ?? 0)) }
        return floors.reduce(0, +) + 3 * floors.count + 1
    }

    /// Shrinks the widest columns until the table fits, never below 6 characters.
    private func fit(_ widths: inout [Int], headers: [String], into maxWidth: Int) {
        func total() -> Int { widths.reduce(0, +) + 3 * widths.count + 1 }
        while total() > maxWidth {
            guard let i = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[i] > 6 else { break }
            widths[i] -= 1
        }
    }

    private func cut(_ s: String, _ width: Int) -> String {
        guard s.displayWidth > width else { return s }
        var out = ""
        for ch in s {
            if (out + String(ch)).displayWidth > width - 1 { break }
            out.append(ch)
        }
        return out + "…"
    }

    private func pad(_ s: String, _ width: Int, right: Bool) -> String {
        let fill = String(repeating: " ", count: max(0, width - s.displayWidth))
        return right ? fill + s : s + fill
    }

    private func colour(_ text: String, _ column: ResultSet.Column, _ row: Int) -> String {
        guard options.colour, case .enumeration(let d) = column.type, d == .status, case .symbol(let s) = column[row] else {
            return text
        }
        let code = s == "green" ? "32" : (s == "amber" ? "33" : "31")
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}
