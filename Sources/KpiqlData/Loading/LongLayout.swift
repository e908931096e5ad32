import KpiqlEngine

/// The long layout most open data comes in (Oflog, LG Inform Plus, ONS, the NHS): one row per
/// area × indicator × period (× breakdowns such as sex and age), pivoted into one metrics row
/// per area × indicator (× breakdowns) with one field per period, oldest first.
///
/// Found from headings (an area, an indicator, a period and a value column) or named in the
/// mapping file with `format = "long"`. Columns that are neither a key nor the value (a
/// publisher's own median, say) are not kept, and the load report names them.
enum LongLayout {
    struct Columns {
        var area: Int?, areaCode: Int?, indicator: Int?, indicatorID: Int?
        var period: Int?, value: Int?
        var breakdowns: [Int] = []
        var good: Int?, target: Int?
        /// `good = "low"` in the mapping file: one polarity for every row.
        var goodConstant: String?
        /// Where each came from ("recognised heading" or a mapping file line), for the report.
        var origins: [String: String] = [:]
    }

    static let indicatorHeadings: Set<String> = ["indicator", "indicator name", "measure", "measure name", "metric", "metric name",
                                                 "kpi", "kpi name", "indicator title", "indicator label"]
    static let indicatorIDHeadings: Set<String> = ["indicator id", "indicator code", "measure id", "metric id", "indicator ref", "kpi id",
                                                   "metric code", "measure code"]
    static let periodHeadings: Set<String> = ["period", "time period", "year", "date", "quarter", "reporting period", "financial year",
                                              "time", "period label", "time label"]
    static let valueHeadings: Set<String> = ["value", "val", "obs value", "observation", "figure", "amount", "data value", "measure value",
                                             "metric value", "indicator value"]
    static let breakdownHeadings: Set<String> = ["sex", "gender", "age", "age band", "age group", "ethnicity", "ethnic group", "breakdown"]

    /// The layout's columns from headings, when the file names an area, an indicator, a
    /// period and a value of numbers.
    static func detect(_ file: LoadedFile) -> Columns? {
        var c = Columns()
        let keys = file.headers.map(LoadedFile.normalise)
        let area = RoleRecognizer.headings.first { $0.0 == .area }!.1, code = RoleRecognizer.headings.first { $0.0 == .areaCode }!.1
        for (i, k) in keys.enumerated() {
            func take(_ slot: WritableKeyPath<Columns, Int?>) { if c[keyPath: slot] == nil { c[keyPath: slot] = i } }
            if area.contains(k) { take(\.area) }
            else if code.contains(k) { take(\.areaCode) }
            else if indicatorIDHeadings.contains(k) { take(\.indicatorID) }
            else if indicatorHeadings.contains(k) { take(\.indicator) }
            else if periodHeadings.contains(k) { take(\.period) }
            else if valueHeadings.contains(k) { take(\.value) }
            else if breakdownHeadings.contains(k) { c.breakdowns.append(i) }
            else if k.split(separator: " ").contains("target") { take(\.target) }
            else if RoleRecognizer.isPolarityHeading(k, k.split(separator: " ").map(String.init)) || k == "rank order" { take(\.good) }
        }
        guard c.area != nil || c.areaCode != nil, c.indicator != nil || c.indicatorID != nil, c.period != nil,
              let v = c.value, file.kinds[v] == .number else { return nil }
        return c
    }

    static func build(name: String, file: LoadedFile, columns c: Columns, notes: inout [String]) throws(Diagnostic) -> Table {
        guard let periodColumn = c.period, let valueColumn = c.value, c.area != nil || c.areaCode != nil,
              c.indicator != nil || c.indicatorID != nil else {
            throw LoadError.file(file.path, "a long file needs an area, an indicator, a period and a value column",
                                 hints: ["name them in \(file.fileName).kpiql.toml: area = \"…\", indicator = \"…\", period = \"…\", value = \"…\""], code: "K440")
        }
        guard case .number(let values) = file.columns[valueColumn] else {
            throw LoadError.file(file.path, "the value column '\(file.headers[valueColumn])' holds text ('\(file.profiles[valueColumn].firstText ?? "")'), not numbers",
                                 hints: ["name the column of numbers with value = \"…\" in \(file.fileName).kpiql.toml"], code: "K441")
        }
        let keyColumns = [c.indicatorID ?? c.indicator, c.areaCode ?? c.area].compactMap { $0 } + c.breakdowns
        // Periods by meaning (2015-16 before 2016-17, Q4 2023/24 before Q1 2024/25), else as first seen.
        let pivot = try LongPivot(file, rows: Array(0..<file.rowCount), key: keyColumns.map { CellReader(file, $0) },
                                  period: CellReader(file, periodColumn), values: values,
                                  sortKey: { _, label in PeriodFormat.sortKey(label) ?? Double(label) }, repeats: .error)
        guard pivot.count > 0 else { throw LoadError.file(file.path, "no row has a period", hints: [], code: "K443") }
        if pivot.orderedAsSeen {
            notes.append("periods are in the order first seen: not every one reads as a year, financial year, quarter or month")
        }
        return assemble(name, file, c, pivot.labels, pivot.firstRow, pivot.series, &notes)
    }
}
