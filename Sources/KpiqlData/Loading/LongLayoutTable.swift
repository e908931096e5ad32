import KpiqlEngine

/// The metrics table a long file becomes: its keys from each metric's first row, the target
/// from the row of its latest value, one number field per period and the raw inputs for the
/// derived fields. `rank`, `quartile` and `group_avg` compare areas on the same indicator (and
/// breakdowns); `latest_period` says which period each area's latest value comes from.
extension LongLayout {
    static func assemble(_ name: String, _ file: LoadedFile, _ c: Columns, _ labels: [String], _ firstRow: [Int],
                         _ series: [[Double]], _ notes: inout [String]) -> Table {
        let n = firstRow.count
        let latestSlot = (0..<n).map { m in series.indices.last { !series[$0][m].isNaN } ?? -1 }
        var cols: [Column] = []
        func gather(_ field: String, _ column: Int?, _ rows: [Int]) {
            guard let column else { return }
            let data: ColumnData
            switch file.columns[column] {
            case .number(let v): data = .number(rows.map { v[$0] })
            case .text(let codes, let dict): data = .text(codes: rows.map { codes[$0] }, dictionary: dict)
            case .enumeration(let codes, let d): data = .enumeration(codes: rows.map { codes[$0] }, domain: d)
            }
            cols.append(Column(field, data, doc: "column '\(file.headers[column])' of \(file.fileName)" + (c.origins[field].map { " (\($0))" } ?? "")))
        }
        gather("indicator_id", c.indicatorID, firstRow)
        gather("indicator", c.indicator, firstRow)
        gather("area_code", c.areaCode, firstRow)
        gather("area", c.area, firstRow)
        for b in c.breakdowns { gather(file.names[b], b, firstRow) }

        var good = [UInt8](repeating: EnumDomain.missingCode, count: n)
        if let g = c.good, case .text(let codes, let dict) = file.columns[g] {
            let read = dict.values.map { Polarity.read($0).flatMap { EnumDomain.good.code(of: $0) } ?? EnumDomain.missingCode }
            good = firstRow.map { codes[$0] < 0 ? EnumDomain.missingCode : read[Int(codes[$0])] }
            let unread = dict.values.indices.filter { read[$0] == EnumDomain.missingCode }.map { "'\(dict.values[$0])'" }
            let missing = good.filter { $0 == EnumDomain.missingCode }.count
            if missing > 0 {
                notes.append("\(missing) metric\(missing == 1 ? " has" : "s have") no polarity" + (unread.isEmpty ? "" : " (\(unread.prefix(5).joined(separator: ", ")) read as none)"))
            }
            cols.append(Column("good", .enumeration(codes: good, domain: .good), doc: "polarity: column '\(file.headers[g])' of \(file.fileName)"))
        }
        if let g = c.goodConstant, let code = EnumDomain.good.code(of: g) {
            good = Array(repeating: code, count: n)
            cols.append(Column("good", .enumeration(codes: good, domain: .good), doc: "\(g) for every row (\(c.origins["good"] ?? "mapping file"))"))
        }
        var target = [Double](repeating: .nan, count: n)
        if let t = c.target, case .number(let v) = file.columns[t] {
            target = (0..<n).map { m in v[firstRow[m]] }
            cols.append(.number("target", target, doc: "target: column '\(file.headers[t])' of \(file.fileName) (the metric's first row)"))
        }
        cols += LongPivot.periodColumns(labels, series, taken: Set(cols.map(\.name))) { k, label in
            "value in \(label) (period \(k + 1) of \(labels.count), oldest first)"
        }
        let heading = TextDictionary()
        let codes = labels.map { heading.code(for: $0) }
        cols.append(Column("latest_period", .text(codes: latestSlot.map { $0 < 0 ? -1 : codes[$0] }, dictionary: heading),
                           doc: "the period latest comes from: areas compared by rank or quartile may differ here"))

        let keyed = Set([c.area, c.areaCode, c.indicator, c.indicatorID, c.period, c.value, c.good, c.target].compactMap { $0} + c.breakdowns)
        let dropped = file.headers.indices.filter { !keyed.contains($0) }.map { "'\(file.headers[$0])'" }
        let indicators = Set(firstRow.map { CellReader(file, c.indicatorID ?? c.indicator).key($0) }).count
        let areas = Set(firstRow.map { CellReader(file, c.areaCode ?? c.area).key($0) }).count
        notes.append("long layout: \(file.rowCount) rows became \(n) metrics (\(indicators) indicator\(indicators == 1 ? "" : "s") × \(areas) area\(areas == 1 ? "" : "s")"
                     + (c.breakdowns.isEmpty ? "" : " × " + c.breakdowns.map { file.names[$0] }.joined(separator: " × ")) + "), \(labels.count) period\(labels.count == 1 ? "" : "s") from \(labels.first!) to \(labels.last!)")
        if !dropped.isEmpty { notes.append("not kept (neither a key nor the value): " + dropped.joined(separator: ", ")) }
        let older = latestSlot.filter { $0 >= 0 && $0 < labels.count - 1 }.count
        if older > 0 { notes.append("\(older) metric\(older == 1 ? "'s" : "s'") latest value is from an earlier period than \(labels.last!): latest_period says which") }

        let table = Table(name: name, kind: .metrics, columns: cols, sources: [file.path])
        table.metricsInputs = MetricsInputs(periods: series, target: target, periodTarget: Array(repeating: .nan, count: n), good: good,
                                            reportedVariance: Array(repeating: .nan, count: n), reportedMet: Array(repeating: 255, count: n),
                                            periodNames: labels, skipsBlankPeriods: false)
        let names = Set(cols.map(\.name))
        table.indicatorKey = [c.indicatorID != nil ? "indicator_id" : "indicator"] + c.breakdowns.map { file.names[$0] }
        if names.contains("area") { table.addAlias("council", forField: "area") } else if names.contains("area_code") { table.addAlias("area", forField: "area_code") }
        table.defaultFields = ["indicator", "area"].filter(names.contains) + c.breakdowns.map { file.names[$0] } + ["latest_period", "latest"]
            + (names.contains("target") ? ["target", "variance", "status"] : ["previous", "change"]) + ["trend"]
        return table
    }
}
