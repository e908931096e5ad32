import Foundation
import KpiqlEngine

/// The columns of a Fingertips metrics table, gathered from the long file's rows: each
/// metric's identity from its first row, its comparisons from the row of its latest value,
/// its Recent Trend from the latest row that has one, and its period series side by side.
struct FingertipsRows {
    let file: LoadedFile
    let columns: FingertipsFormat.Columns
    let firstRow: [Int], latestRow: [Int], latestSlot: [Int], trendRow: [Int?]
    let labels: [String]
    let series: [[Double]]
    private(set) var polarityNotes: [String] = []
    private var good: [UInt8] = []

    init(file: LoadedFile, columns: FingertipsFormat.Columns, firstRow: [Int], latestRow: [Int], latestSlot: [Int],
         trendRow: [Int?], labels: [String], series: [[Double]]) {
        (self.file, self.columns, self.firstRow, self.latestRow, self.latestSlot) = (file, columns, firstRow, latestRow, latestSlot)
        (self.trendRow, self.labels, self.series) = (trendRow, labels, series)
    }

    var count: Int { firstRow.count }

    /// A file column's values at the given rows (nil: missing), sharing its text dictionary.
    /// A column Fingertips fills with numbers stays a number column even where this file
    /// leaves it empty (the 99.8% limits often are).
    func gather(_ column: Int?, _ rows: [Int?], number: Bool = false) -> ColumnData? {
        guard let column else { return nil }
        switch file.columns[column] {
        case .number(let v): return .number(rows.map { $0.map { v[$0] } ?? .nan })
        case .text(let codes, let dict):
            if number {
                let values = dict.values.map { CouncilNumber.parse($0)?.value ?? .nan }
                return .number(rows.map { r in r.map { codes[$0] < 0 ? .nan : values[Int(codes[$0])] } ?? .nan })
            }
            return .text(codes: rows.map { $0.map { codes[$0] } ?? -1 }, dictionary: dict)
        case .enumeration: return nil
        }
    }

    /// The England value of each metric's indicator (same sex and age) in the metric's latest period.
    func englandValues() -> [Double] {
        let indicator = CellReader(file, columns.indicatorID ?? columns.indicatorName), sex = CellReader(file, columns.sex)
        let age = CellReader(file, columns.age), code = CellReader(file, columns.areaCode), type = CellReader(file, columns.areaType)
        var england: [[Int64]: Int] = [:]
        for m in 0..<count {
            let r = firstRow[m]
            if code.text(r) == FingertipsFormat.englandCode || type.text(r)?.lowercased() == "england" {
                england[[indicator.key(r), sex.key(r), age.key(r)]] = m
            }
        }
        return (0..<count).map { m in
            let r = firstRow[m]
            guard latestSlot[m] >= 0, let e = england[[indicator.key(r), sex.key(r), age.key(r)]] else { return .nan }
            return series[latestSlot[m]][e]
        }
    }

    mutating func table(name: String) -> Table {
        let c = columns
        var cols: [Column] = []
        func add(_ field: String, _ data: ColumnData?, _ doc: String) { if let data { cols.append(Column(field, data, doc: doc)) } }
        func heading(_ i: Int?) -> String { i.map { "'\(file.headers[$0])'" } ?? "" }
        let first = firstRow.map { Optional($0) }, latest = latestRow.map { Optional($0) }
        add("indicator_id", gather(c.indicatorID, first), "column \(heading(c.indicatorID))")
        add("indicator", gather(c.indicatorName, first), "column \(heading(c.indicatorName))")
        add("area_code", gather(c.areaCode, first), "column \(heading(c.areaCode))")
        add("area", gather(c.areaName, first), "column \(heading(c.areaName))")
        add("area_type", gather(c.areaType, first), "column \(heading(c.areaType))")
        add("parent_code", gather(c.parentCode, first), "column \(heading(c.parentCode)): the area's parent (region)")
        add("parent", gather(c.parentName, first), "column \(heading(c.parentName))")
        add("sex", gather(c.sex, first), "column \(heading(c.sex))")
        add("age", gather(c.age, first), "column \(heading(c.age))")
        var used = Set(cols.map(\.name))
        for (k, label) in labels.enumerated() {
            var field = "p_" + LoadedFile.fieldName(label).replacingOccurrences(of: "c_", with: "", options: .anchored)
            while used.contains(field) { field += "_" }
            used.insert(field)
            cols.append(.number(field, series[k], doc: "Value in \(label) (period \(k + 1) of \(labels.count), oldest first)"))
        }
        cols.append(.text("latest_period", latestSlot.map { $0 >= 0 ? labels[$0] : nil }, doc: "the period of latest (column 'Time period')"))
        let england = englandValues()
        cols.append(.number("england_value", england, doc: "England's value for the same indicator, sex and age in latest_period"))
        add("lower_ci_95", gather(c.lowerCI95, latest, number: true), "column \(heading(c.lowerCI95)) in latest_period")
        add("upper_ci_95", gather(c.upperCI95, latest, number: true), "column \(heading(c.upperCI95)) in latest_period")
        add("lower_ci_99_8", gather(c.lowerCI998, latest, number: true), "column \(heading(c.lowerCI998)) in latest_period")
        add("upper_ci_99_8", gather(c.upperCI998, latest, number: true), "column \(heading(c.upperCI998)) in latest_period")
        add("count", gather(c.count, latest, number: true), "column \(heading(c.count)) in latest_period")
        add("denominator", gather(c.denominator, latest, number: true), "column \(heading(c.denominator)) in latest_period")
        add("value_note", gather(c.valueNote, latest), "column \(heading(c.valueNote)) in latest_period")
        add("recent_trend", gather(c.recentTrend, trendRow), "column \(heading(c.recentTrend)) as printed (latest row that has one)")
        let compared = CellReader(file, c.comparedEngland), parent = CellReader(file, c.comparedParent)
        add("compared_to_england", gather(c.comparedEngland, latest), "column \(heading(c.comparedEngland)) in latest_period, as printed")
        if c.comparedEngland != nil {
            cols.append(Column("vs_england", .enumeration(codes: latestRow.map { FingertipsFormat.comparison(compared.text($0)) }, domain: .comparison),
                               doc: "better/similar/worse: \(heading(c.comparedEngland)) in latest_period (Higher, Lower, Not compared are missing)"))
        }
        add("compared_to_parent", gather(c.comparedParent, latest), "column \(heading(c.comparedParent)) in latest_period, as printed")
        if c.comparedParent != nil {
            cols.append(Column("vs_parent", .enumeration(codes: latestRow.map { FingertipsFormat.comparison(parent.text($0)) }, domain: .comparison),
                               doc: "better/similar/worse: \(heading(c.comparedParent)) in latest_period"))
        }
        add("compared_to_goal", gather(c.comparedGoal, latest), "column \(heading(c.comparedGoal)) in latest_period")
        add("new_data", gather(c.newData, latest), "column \(heading(c.newData))")
        add("time_period_range", gather(c.range, latest), "column \(heading(c.range))")
        good = inferPolarity(england: england)
        cols.append(Column("good", .enumeration(codes: good, domain: .good),
                           doc: "polarity read from Recent Trend (\"Increasing and getting worse\": low is good) and Compared to England against the England value; the file has no polarity column"))
        return Table(name: name, kind: .metrics, columns: cols, sources: [file.path])
    }

    /// Adds the raw inputs and the comparison key; called once the table is built.
    func finish(_ table: Table) -> Table {
        let trends = CellReader(file, columns.recentTrend)
        let n = count
        table.metricsInputs = MetricsInputs(
            periods: series, target: Array(repeating: .nan, count: n), periodTarget: Array(repeating: .nan, count: n), good: good,
            reportedVariance: Array(repeating: .nan, count: n), reportedMet: Array(repeating: 255, count: n),
            trendOverride: (trendRow.map { $0.map { FingertipsFormat.trend(trends.text($0)) } ?? EnumDomain.missingCode },
                            "improving/worsening/same from Recent Trend (Fingertips' test over recent periods): \"…getting worse\" is worsening, \"No significant change\" same; Increasing/Decreasing without a judgement are missing"))
        let names = Set(table.fieldNames)
        table.indicatorKey = ["indicator_id", "sex", "age"].filter(names.contains)
        if table.indicatorKey!.isEmpty { table.indicatorKey = ["indicator"] }
        table.defaultFields = ["indicator", "area", "latest_period", "latest", "england_value", "vs_england", "trend"].filter { names.contains($0) || $0 == "latest" || $0 == "trend" }
        return table
    }
}

extension FingertipsRows {
    /// Each indicator's polarity, voted by its rows: a Recent Trend such as "Increasing and
    /// getting worse" says low is good; "Worse" than England with a value above England's says
    /// the same. An indicator whose votes disagree, or that has none, has no polarity (its
    /// rows cannot be ranked), and the load report says which.
    mutating func inferPolarity(england: [Double]) -> [UInt8] {
        let indicator = CellReader(file, columns.indicatorID ?? columns.indicatorName)
        let title = CellReader(file, columns.indicatorName ?? columns.indicatorID)
        let trends = CellReader(file, columns.recentTrend), compared = CellReader(file, columns.comparedEngland)
        var votes: [Int64: (high: Int, low: Int)] = [:]
        var order: [Int64] = []
        for m in 0..<count {
            let key = indicator.key(firstRow[m])
            if votes[key] == nil { votes[key] = (0, 0); order.append(key) }
            var said: [String] = []
            if let r = trendRow[m], let p = FingertipsFormat.polarity(fromTrend: trends.text(r)) { said.append(p) }
            if latestSlot[m] >= 0, !england[m].isNaN {
                let v = series[latestSlot[m]][m], verdict = FingertipsFormat.comparison(compared.text(latestRow[m]))
                if v != england[m] && (verdict == 0 || verdict == 2) { said.append((v > england[m]) == (verdict == 0) ? "high" : "low") }
            }
            for p in said { if p == "high" { votes[key]!.high += 1 } else { votes[key]!.low += 1 } }
        }
        var polarity: [Int64: UInt8] = [:]
        var high = 0, low = 0, unknown: [String] = [], conflicting: [String] = []
        var firstMetric: [Int64: Int] = [:]
        for m in (0..<count).reversed() { firstMetric[indicator.key(firstRow[m])] = m }
        for key in order {
            let v = votes[key]!
            let name = title.text(firstRow[firstMetric[key]!]) ?? "?"
            if v.high > 0 && v.low > 0 { conflicting.append(name); continue }
            if v.high > 0 { polarity[key] = 0; high += 1 } else if v.low > 0 { polarity[key] = 1; low += 1 } else { unknown.append(name) }
        }
        // At most five names in a note; a national file has hundreds of indicators.
        func names(_ list: [String]) -> String {
            let shown = list.prefix(5).map { "'\($0)'" }
            return list.count > 5 ? shown.joined(separator: ", ") + " and \(list.count - 5) more" : Suggest.list(shown, conjunction: "and")
        }
        polarityNotes.append("polarity (good) read from Recent Trend and Compared to England: \(low) indicator\(low == 1 ? "" : "s") low is good, \(high) high is good"
            + (unknown.isEmpty ? "" : "; none for \(names(unknown))"))
        if !conflicting.isEmpty {
            polarityNotes.append("conflicting polarity for \(names(conflicting)): good left missing")
        }
        return (0..<count).map { polarity[indicator.key(firstRow[$0])] ?? EnumDomain.missingCode }
    }
}
