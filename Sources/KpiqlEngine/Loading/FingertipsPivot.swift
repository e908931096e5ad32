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
        let period = CellReader(file, periodColumn), value = CellReader(file, valueColumn), sortable = CellReader(file, c.sortable)
        guard case .number = file.columns[valueColumn] else {
            throw LoadError.file(file.path, "the Value column holds text ('\(file.profiles[valueColumn].firstText ?? "")'), not numbers",
                                 hints: ["Fingertips leaves a suppressed value empty and explains it in Value note; check the file was not edited"],
                                 code: "K432")
        }

        // Headline rows (no Category Type); periods ordered by Time period Sortable.
        var headline: [Int] = []
        var periodOrder: [String: Double] = [:], firstSeen: [String] = []
        for r in 0..<file.rowCount where category.text(r) == nil {
            headline.append(r)
            guard let p = period.text(r) else { continue }
            let key = sortable.number(r).isNaN ? (PeriodFormat.sortKey(p) ?? Double(firstSeen.count)) : sortable.number(r)
            if periodOrder[p] == nil { firstSeen.append(p) }
            periodOrder[p] = min(periodOrder[p] ?? key, key)
        }
        let labels = firstSeen.enumerated().sorted { (periodOrder[$0.1]!, $0.0) < (periodOrder[$1.1]!, $1.0) }.map(\.1)
        let slot = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })

        // One metric per indicator × area × sex × age, in order of first appearance.
        var index: [MetricKey: Int] = [:]
        var firstRow: [Int] = [], latestRow: [Int] = [], latestSlot: [Int] = [], trendRow: [Int?] = []
        var series = [[Double]](repeating: [], count: labels.count)
        let recentTrend = CellReader(file, c.recentTrend)
        var duplicates = 0
        for r in headline {
            guard let p = period.text(r), let s = slot[p] else { continue }
            let key = MetricKey(indicator: indicator.key(r), area: area.key(r), sex: sex.key(r), age: age.key(r))
            let m: Int
            if let found = index[key] { m = found } else {
                m = firstRow.count
                index[key] = m
                firstRow.append(r); latestRow.append(r); latestSlot.append(-1); trendRow.append(nil)
                for k in series.indices { series[k].append(.nan) }
            }
            if !series[s][m].isNaN { duplicates += 1 }
            let v = value.number(r)
            if !v.isNaN { series[s][m] = v }
            if !v.isNaN && s >= latestSlot[m] { latestSlot[m] = s; latestRow[m] = r }
            if recentTrend.text(r) != nil, trendRow[m].map({ slot[period.text($0)!]! <= s }) ?? true { trendRow[m] = r }
        }
        guard !firstRow.isEmpty else {
            throw LoadError.file(file.path, "no headline rows: every row has a Category Type (an inequality breakdown)",
                                 hints: ["load it as a plain table with format = \"plain\" in \(file.fileName).kpiql.toml"], code: "K433")
        }
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
