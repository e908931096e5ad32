import KpiqlEngine

/// The lines a load reports, once, after the table is built:
///
///     loaded table scorecard (metrics, 8 rows) from Tests/fixtures/load/scorecard.csv
///       read 8 rows × 9 columns: UTF-8, comma-separated, header on line 1
///       text: ref, indicator, priority, good_is
///       number: q1_june, q2_sept, target
///       roles: id ← 'Ref', name ← 'Indicator', … (recognised headings)
///       3 values read as missing in column q2_sept ("To be reported in Q3" ×2, blank ×1)
struct LoadReport {
    let file: LoadedFile
    /// The name each file column has in the table.
    let fields: [String]
    let table: Table
    let sidecar: String?
    let roles: [String]
    let notes: [String]

    var lines: [String] {
        var out = ["loaded table \(table.name) (\(table.kind == .metrics ? "metrics" : "plain"), \(table.rowCount) row\(table.rowCount == 1 ? "" : "s")) from \(file.path)"]
        var how = "read \(file.rowCount) row\(file.rowCount == 1 ? "" : "s") × \(file.headers.count) column\(file.headers.count == 1 ? "" : "s"): "
            + "\(file.encoding.rawValue), \(file.layout.delimiterName), "
        if file.layout.hasHeader {
            how += "header on line \(file.layout.headerLine)"
            let titles = file.layout.preamble.count
            if titles > 0 { how += " under \(titles) title line\(titles == 1 ? "" : "s")" }
        } else {
            how += "no header row (columns named column_1 … column_\(file.headers.count))"
        }
        out.append("  " + how)
        // Types as read; a column with no value at all is "empty", the polarity column "polarity".
        func label(_ i: Int) -> String {
            if fields[i] == "good" && table.kind == .metrics { return "polarity" }
            let p = file.profiles[i]
            return p.numbers + p.dates + p.periods + p.text == 0 ? "empty" : file.kinds[i].rawValue
        }
        for kind in ["text", "number", "period", "date", "polarity", "empty"] {
            // Columns not kept and kpiql's own `latest` period are named in notes, not here.
            let names = file.headers.indices.filter { !fields[$0].hasPrefix("(") && label($0) == kind }.map { fields[$0] }
            if !names.isEmpty { out.append("  \(kind): " + names.joined(separator: ", ")) }
        }
        if let sidecar { out.append("  mapping file: \(sidecar)") }
        if !roles.isEmpty { out.append(contentsOf: roles.enumerated().map { "  " + ($0.0 == 0 ? "roles: " : "       ") + $0.1 }) }
        out.append(contentsOf: notes.map { "  " + $0 })
        out.append(contentsOf: missingLines.map { "  " + $0 })
        for i in file.headers.indices where file.kinds[i] == .number && file.profiles[i].bracketed > 0 {
            let n = file.profiles[i].bracketed
            out.append("  \(n) value\(n == 1 ? "" : "s") in column \(fields[i]) read as negative from brackets, as accounting formats write them: (3.2) is −3.2")
        }
        out.append(contentsOf: file.notes.map { "  " + $0 })
        return out
    }

    /// One line per column of numbers, dates or periods that had placeholders or blanks.
    var missingLines: [String] {
        var out: [String] = []
        for i in file.headers.indices where file.kinds[i] != .text && file.profiles[i].numbers + file.profiles[i].dates + file.profiles[i].periods > 0 {
            let tally = file.profiles[i].missing
            guard tally.total > 0 else { continue }
            // kpiql's own `latest` period has no field of its own: name it by its heading.
            let name = fields[i].hasPrefix("(") ? file.headers[i] : fields[i]
            out.append("\(tally.total) value\(tally.total == 1 ? "" : "s") read as missing in column \(name) (\(tally.summary))")
        }
        if out.count > 12 { out = Array(out.prefix(11)) + ["… and \(out.count - 11) more columns with missing values"] }
        return out
    }
}
