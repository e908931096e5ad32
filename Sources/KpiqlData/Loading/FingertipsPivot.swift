import KpiqlEngine

/// Turns a Fingertips "all data" file (long: one row per indicator × area × period) into a
/// metrics table (one row per indicator × area × sex × age, its periods side by side), keeping
/// Fingertips' own comparisons: `vs_england`, `vs_parent`, and `trend` from Recent Trend.
extension FingertipsFormat {
    struct MetricKey: Hashable { var indicator: Int64, area: Int64, sex: Int64, age: Int64 }

    static func build(name: String, file: LoadedFile, notes: inout [String]) throws(Diagnostic) -> Table {
        let c = columns(file)
        guard let periodColumn = c.timePeriod, let valueColumn = c.value, c.areaCode != nil || c.areaName != nil else {
            let missing = c.timePeriod == nil ? "Time period" : (c.value == nil ? "Value" : "Area Code")
            throw LoadError.file(file.path, "this looks like a Fingertips file but has no '\(missing)' column",
                                 hints: ["download it again with Fingertips' \"all data\" export, or load it as a plain table with format = \"plain\" in \(file.fileName).kpiql.toml"],
                                 code: "K431")
        }
        let indicator = CellReader(file, c.indicatorID ?? c.indicatorName), area = CellReader(file, c.areaCode ?? c.areaName)
        let sex = CellReader(file, c.sex), age = CellReader(file, c.age), category = CellReader(file, c.categoryType)
        let period = CellReader(file, periodColumn), sortable = CellReader(file, c.sortable)
        guard case .number(let values) = file.columns[valueColumn] else {
            throw LoadError.file(file.path, "the Value column holds text ('\(file.profiles[valueColumn].firstText ?? "")'), not numbers",
                                 hints: ["Fingertips leaves a suppressed value empty and explains it in Value note; check the file was not edited"],
                                 code: "K432")
        }

        // Headline rows (no Category Type), pivoted as any long file is; periods ordered by Time
        // period Sortable where given. Fingertips repeats some rows: the later value is used.
        let headline = (0..<file.rowCount).filter { category.text($0) == nil }
        var position = 0.0
        let pivot = try LongPivot(file, rows: headline, key: [indicator, area, sex, age], period: period, values: values,
                                  sortKey: { r, label in
                                      position += 1
                                      return sortable.number(r).isNaN ? (PeriodFormat.sortKey(label) ?? position) : sortable.number(r)
                                  }, repeats: .lastValueWins)
        guard pivot.count > 0 else {
            throw LoadError.file(file.path, "no headline rows: every row has a Category Type (an inequality breakdown)",
                                 hints: ["load it as a plain table with format = \"plain\" in \(file.fileName).kpiql.toml"], code: "K433")
        }
        let labels = pivot.labels, series = pivot.series, firstRow = pivot.firstRow
        let latestSlot = pivot.latestSlot
        let latestRow = (0..<pivot.count).map { m in latestSlot[m] >= 0 ? Int(pivot.rows[latestSlot[m]][m]) : firstRow[m] }
        // Recent Trend from the latest period whose row has one.
        let recentTrend = CellReader(file, c.recentTrend)
        let trendRow = (0..<pivot.count).map { m -> Int? in
            labels.indices.reversed().lazy.map { Int(pivot.rows[$0][m]) }.first { $0 >= 0 && recentTrend.text($0) != nil }
        }
        let duplicates = pivot.repeats
        var rows = FingertipsRows(file: file, columns: c, firstRow: firstRow, latestRow: latestRow, latestSlot: latestSlot,
                                  trendRow: trendRow, labels: labels, series: series)
        var table = rows.table(name: name)
        let indicators = Set(firstRow.map { indicator.key($0) }).count, areas = Set(firstRow.map { area.key($0) }).count
        notes.append("Fingertips \"all data\" file: \(file.rowCount) rows became \(firstRow.count) metrics (\(indicators) indicator\(indicators == 1 ? "" : "s") × \(areas) areas), \(labels.count) period\(labels.count == 1 ? "" : "s") from \(labels.first!) to \(labels.last!)")
        let breakdowns = file.rowCount - headline.count
        if breakdowns > 0 {
            notes.append("\(breakdowns) row\(breakdowns == 1 ? "" : "s") with a Category Type (inequality breakdowns) left out; format = \"plain\" in \(file.fileName).kpiql.toml loads every row")
        }
        if duplicates > 0 { notes.append("\(duplicates) repeated indicator × area × period rows: the last one's value is used") }
        notes += rows.polarityNotes
        table = rows.finish(table)
        return table
    }
}
