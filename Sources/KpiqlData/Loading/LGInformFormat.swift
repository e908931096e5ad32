import KpiqlEngine

/// LG Inform (Local Government Association) data downloads: one row per area, one column per
/// period, under a header `area, area label, area long label, <period>…`, often with title
/// lines above it (the metric's name, the source, the download date) and, straight under it,
/// a second header row whose first cell is again `area` (periods as codes). Values can carry
/// thousands separators (`1,234`) and `-` where there is no figure.
///
/// The file names no polarity; `good = "high"` or `"low"` in its sidecar gives one, without
/// which its areas can be compared but not ranked.
enum LGInformFormat {
    static func matches(_ file: LoadedFile) -> Bool {
        file.headers.count >= 3 && LoadedFile.normalise(file.headers[0]) == "area"
            && LoadedFile.normalise(file.headers[1]) == "area label"
    }

    /// The roles of an LG Inform download, with the sidecar's lines (a polarity) laid over them.
    static func mapping(_ file: LoadedFile, sidecar: Sidecar?, notes: inout [String]) throws(Diagnostic) -> RoleMapping {
        guard file.headers.count >= 3 else {
            throw LoadError.file(file.path, "an LG Inform download has area, area label and period columns; this file has \(file.headers.count) column\(file.headers.count == 1 ? "" : "s")",
                                 hints: ["check format = \"lginform\" in \(file.fileName).kpiql.toml"], code: "K434")
        }
        var m = RoleMapping()
        m.roles[.areaCode] = .init(column: 0, origin: "LG Inform headings")
        m.roles[.area] = .init(column: 1, origin: "LG Inform headings")
        let labelColumns = file.headers.indices.filter { LoadedFile.normalise(file.headers[$0]).hasPrefix("area") }
        let candidates = file.headers.indices.filter { !labelColumns.contains($0) }
        for i in candidates where file.kinds[i] != .number {
            notes.append("column '\(file.headers[i])' holds text (e.g. '\(file.profiles[i].firstText ?? "")'), so it is not a period")
        }
        m.periods = RoleRecognizer.ordered(candidates.filter { file.kinds[$0] == .number }, file.headers)
        m.periodsOrigin = "LG Inform headings"
        guard !m.periods.isEmpty else {
            throw LoadError.file(file.path, "this looks like an LG Inform download but has no columns of figures after 'area label'",
                                 hints: ["download the data again with periods as columns (\"areas in rows, periods in columns\")"], code: "K434")
        }
        if let sidecar { m = try sidecar.apply(to: file, recognised: m) }
        notes.append("LG Inform download: \(file.rowCount) areas, \(m.periods.count) periods from '\(file.headers[m.periods.first!])' to '\(file.headers[m.periods.last!])'"
            + (file.layout.preamble.isEmpty ? "" : "; indicator: '\(file.layout.preamble[0])'"))
        if m.goodConstant == nil && m.roles[.good] == nil {
            notes.append("no polarity: rank() and quartile() need one; add good = \"high\" or good = \"low\" to \(file.fileName).kpiql.toml")
        }
        return m
    }

    /// The metric's name: the first title line above the header, if the download kept one.
    static func indicator(_ file: LoadedFile) -> Column {
        let title = file.layout.preamble.first ?? file.fileName
        return Column.text("indicator", Array(repeating: title, count: file.rowCount),
                           doc: file.layout.preamble.isEmpty ? "the file's name (the download has no title line)"
                                                             : "the first title line above the header")
    }
}
