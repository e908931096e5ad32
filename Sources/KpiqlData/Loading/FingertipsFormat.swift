import KpiqlEngine

/// The Fingertips (OHID public health profiles) "all data" CSV: one row per indicator × area ×
/// period (× sex, age and inequality category), 27 columns:
///
///     Indicator ID, Indicator Name, Parent Code, Parent Name, Area Code, Area Name, Area Type,
///     Sex, Age, Category Type, Category, Time period, Value, Lower CI 95.0 limit,
///     Upper CI 95.0 limit, Lower CI 99.8 limit, Upper CI 99.8 limit, Count, Denominator,
///     Value note, Recent Trend, Compared to England value or percentiles,
///     Compared to <parent> value or percentiles, Time period Sortable, New data,
///     Compared to goal, Time period range
///
/// Headline rows have an empty Category Type; the rest are inequality breakdowns. The file
/// carries no polarity: its judgements are in "Recent Trend" ("Increasing and getting worse")
/// and "Compared to England …" (Better, Similar, Worse; Higher, Lower where there is no polarity).
enum FingertipsFormat {
    /// The columns used, by role; only the first four are required.
    struct Columns {
        var indicatorID: Int?, indicatorName: Int?, areaCode: Int?, areaName: Int?
        var timePeriod: Int?, value: Int?
        var parentCode: Int?, parentName: Int?, areaType: Int?, sex: Int?, age: Int?, categoryType: Int?
        var lowerCI95: Int?, upperCI95: Int?, lowerCI998: Int?, upperCI998: Int?, count: Int?, denominator: Int?
        var valueNote: Int?, recentTrend: Int?, comparedEngland: Int?, comparedParent: Int?, sortable: Int?
        var newData: Int?, comparedGoal: Int?, range: Int?
    }

    /// A file is Fingertips data when it has the indicator, area, period and value columns
    /// under Fingertips' own headings.
    static func matches(_ file: LoadedFile) -> Bool {
        let c = columns(file)
        return (c.indicatorID != nil || c.indicatorName != nil) && c.areaCode != nil && c.timePeriod != nil && c.value != nil
            && (c.comparedEngland != nil || c.recentTrend != nil || c.categoryType != nil)
    }

    static func columns(_ file: LoadedFile) -> Columns {
        func at(_ h: String) -> Int? { file.index(ofHeading: h) }
        var c = Columns()
        c.indicatorID = at("Indicator ID"); c.indicatorName = at("Indicator Name")
        c.areaCode = at("Area Code"); c.areaName = at("Area Name") ?? at("AreaName")
        c.timePeriod = at("Time period"); c.value = at("Value")
        c.parentCode = at("Parent Code"); c.parentName = at("Parent Name"); c.areaType = at("Area Type")
        c.sex = at("Sex"); c.age = at("Age"); c.categoryType = at("Category Type")
        c.lowerCI95 = at("Lower CI 95.0 limit"); c.upperCI95 = at("Upper CI 95.0 limit")
        c.lowerCI998 = at("Lower CI 99.8 limit"); c.upperCI998 = at("Upper CI 99.8 limit")
        c.count = at("Count"); c.denominator = at("Denominator"); c.valueNote = at("Value note")
        c.recentTrend = at("Recent Trend"); c.comparedEngland = at("Compared to England value or percentiles")
        // The parent comparison is named after the parent area type: "Compared to Region value
        // or percentiles", "Compared to CCGs (from Apr 2021) value or percentiles".
        c.comparedParent = file.headers.indices.first { i in
            let h = LoadedFile.normalise(file.headers[i])
            return h.hasPrefix("compared to ") && h.hasSuffix(" value or percentiles") && i != c.comparedEngland
        }
        c.sortable = at("Time period Sortable"); c.newData = at("New data"); c.comparedGoal = at("Compared to goal")
        c.range = at("Time period range")
        return c
    }

    /// "Better", "Similar", "Worse" (also "Better 95%", "Worse 99.8%") as the comparison enum;
    /// "Higher", "Lower" and "Not compared" carry no judgement and are missing.
    static func comparison(_ text: String?) -> UInt8 {
        guard let t = text?.lowercased() else { return EnumDomain.missingCode }
        if t.hasPrefix("better") { return 0 }
        if t.hasPrefix("similar") || t.hasPrefix("same") || t.contains("not significantly different") { return 1 }
        if t.hasPrefix("worse") { return 2 }
        return EnumDomain.missingCode
    }

    /// "…getting worse" is worsening, "…getting better" improving, "No significant change" the
    /// same; "Increasing", "Decreasing" (no polarity) and "Cannot be calculated" are missing.
    static func trend(_ text: String?) -> UInt8 {
        guard let t = text?.lowercased() else { return EnumDomain.missingCode }
        if t.contains("getting worse") { return 1 }
        if t.contains("getting better") { return 0 }
        if t.contains("no significant change") { return 2 }
        return EnumDomain.missingCode
    }

    /// The polarity a Recent Trend implies: rising and getting worse means low is good.
    static func polarity(fromTrend text: String?) -> String? {
        guard let t = text?.lowercased() else { return nil }
        let rising = t.hasPrefix("increasing"), falling = t.hasPrefix("decreasing")
        if t.contains("getting worse") { return rising ? "low" : (falling ? "high" : nil) }
        if t.contains("getting better") { return rising ? "high" : (falling ? "low" : nil) }
        return nil
    }

    /// The England rows: area code E92000001, or area type England.
    static let englandCode = "E92000001"
}

/// Reads a loaded column cell by cell, whatever its type, for format readers that regroup rows.
struct CellReader {
    let data: ColumnData?
    /// The file column read, for messages.
    let column: Int?

    init(_ file: LoadedFile, _ column: Int?) {
        data = column.map { file.columns[$0] }
        self.column = column
    }

    func text(_ r: Int) -> String? {
        switch data {
        case .text(let codes, let dict)?: return codes[r] < 0 ? nil : dict.values[Int(codes[r])]
        case .number(let v)?: return v[r].isNaN ? nil : NumberFormat.plain(v[r])
        default: return nil
        }
    }

    func number(_ r: Int) -> Double {
        if case .number(let v)? = data { return v[r] }
        return .nan
    }

    /// An integer that is equal for equal cells (a text code or a number's bits), for grouping.
    func key(_ r: Int) -> Int64 {
        switch data {
        case .text(let codes, _)?: return Int64(codes[r])
        case .number(let v)?: return v[r].isNaN ? -1 : Int64(bitPattern: v[r].bitPattern)
        default: return 0
        }
    }
}
