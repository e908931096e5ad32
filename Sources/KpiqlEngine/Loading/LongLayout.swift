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
        let period = CellReader(file, periodColumn)
        // Periods by meaning (2015-16 before 2016-17, Q4 2023/24 before Q1 2024/25), else as first seen.
        var labels: [String] = [], slotOf: [String: Int] = [:]
        for r in 0..<file.rowCount { if let p = period.text(r), slotOf[p] == nil { slotOf[p] = labels.count; labels.append(p) } }
        let sortKeys = labels.map { PeriodFormat.sortKey($0) ?? Double($0) }
        if sortKeys.allSatisfy({ $0 != nil }), Set(sortKeys.map { $0! }).count == labels.count {
            labels = zip(labels, sortKeys).sorted { $0.1! < $1.1! }.map(\.0)
        } else {
            notes.append("periods are in the order first seen: not every one reads as a year, financial year, quarter or month")
        }
        for (k, l) in labels.enumerated() { slotOf[l] = k }

        let keyColumns = [c.indicatorID ?? c.indicator, c.areaCode ?? c.area].compactMap { $0 } + c.breakdowns
        let readers = keyColumns.map { CellReader(file, $0) }
        var index: [[Int64]: Int] = [:]
        var firstRow: [Int] = []
        var series = [[Double]](repeating: [], count: labels.count)
        var cellRow = [[Int32]](repeating: [], count: labels.count)
        for r in 0..<file.rowCount {
            guard let p = period.text(r), let s = slotOf[p] else { continue }
            let key = readers.map { $0.key(r) }
            let m: Int
            if let found = index[key] { m = found } else {
                m = firstRow.count
                index[key] = m
                firstRow.append(r)
                for k in series.indices { series[k].append(.nan); cellRow[k].append(-1) }
            }
            if cellRow[s][m] >= 0 {
                let a = file.lineOfRow(Int(cellRow[s][m])), b = file.lineOfRow(r)
                throw LoadError.file(file.path, "two values for the same \(keyColumns.map { "'\(file.headers[$0])'" }.joined(separator: " × ")) in period '\(p)': lines \(a) and \(b)",
                                     hints: ["remove one of them, or name the column that tells them apart: breakdowns = [\"…\"] in \(file.fileName).kpiql.toml"],
                                     code: "K442")
            }
            cellRow[s][m] = Int32(r)
            series[s][m] = values[r]
        }
        guard !firstRow.isEmpty else { throw LoadError.file(file.path, "no row has a period", hints: [], code: "K443") }
        return assemble(name, file, c, labels, firstRow, series, &notes)
    }
}
