import KpiqlEngine

/// Builds a metrics table from a loaded file and its role mapping, column at a time: role
/// columns take the role's name (`id`, `name`, `target`, `good` …) so queries read the same on
/// every scorecard, the other columns keep theirs, and the derived fields are added by the
/// catalog. Nothing is copied row by row.
enum MetricsAssembler {
    /// Fields the deriver writes. The recogniser has already turned file columns of these names
    /// into periods, `reported_*` fields or dropped columns; any left over gets a suffix.
    static let derived: Set<String> = ["latest", "previous", "change", "direction", "trend", "variance", "gap", "status", "reported_status",
                                       "latest_period", "spark", "vs_england", "vs_neighbours", "benchmark_age"]

    /// `fields` gets the name each file column has in the table, for the load report.
    static func build(name: String, file: LoadedFile, mapping m: RoleMapping, extra: [Column] = [],
                      notes: inout [String], fields: inout [String]) -> Table {
        let n = file.rowCount
        var roleOf: [Int: RoleMapping.Role] = [:]
        for (role, a) in m.roles { roleOf[a.column] = role }
        let roleNames = Set(m.roles.keys.map(\.rawValue))
        var columns: [Column] = []
        var good = [UInt8](repeating: EnumDomain.missingCode, count: n)
        // Inputs a file does not have stay empty (a column of NaN is 8 MB a million rows).
        var target = [Double](repeating: .nan, count: n), periodTarget: [Double] = []
        var reportedVariance: [Double] = []
        var areaField = "area"

        for i in file.headers.indices {
            let data = file.columns[i]
            // A role or period the mapping file gives wins over a derived-looking heading.
            let claimed = roleOf[i] != nil || m.periods.contains(i)
            if !claimed, let why = m.dropped[i] {
                notes.append("column '\(file.headers[i])' not kept: \(why)")
                fields[i] = "(not kept)"
                continue
            }
            if !claimed, let field = m.published[i] {
                fields[i] = field
                let doc = "the publisher's own figure: \(file.doc(i))"
                switch field {
                case "reported_status", "reported_trend":
                    let domain: EnumDomain = field == "reported_status" ? .status : .trend
                    columns.append(Column(field, .enumeration(codes: PublishedWords.codes(data, domain, file.headers[i], &notes), domain: domain), doc: doc))
                case "reported_variance":
                    reportedVariance = numbers(data, file.headers[i], field, &notes)
                    columns.append(Column(field, .number(reportedVariance), doc: doc))
                default:
                    columns.append(Column(field, data, doc: doc))
                }
                continue
            }
            if let p = m.periods.firstIndex(of: i), derived.contains(file.names[i]) {
                // kpiql's own `latest` (after r3, r2, r1): its values are the period; the field
                // of that name is the derived one.
                fields[i] = "(period \(p + 1))"
                continue
            }
            if let role = roleOf[i] {
                let doc = "\(role.rawValue): column '\(file.headers[i])' of \(file.fileName) (\(m.roles[role]!.origin))"
                fields[i] = role.rawValue
                switch role {
                case .good:
                    good = polarityCodes(data, n, file.headers[i], &notes)
                    columns.append(Column("good", .enumeration(codes: good, domain: .good), doc: doc))
                case .target, .periodTarget:
                    let values = numbers(data, file.headers[i], role.rawValue, &notes)
                    if role == .target { target = values } else { periodTarget = values }
                    columns.append(Column(role.rawValue, .number(values), doc: doc))
                    if case .text = data {
                        columns.append(Column(role.rawValue + "_text", data, doc: "\(file.doc(i)) as written"))
                        fields[i] = role.rawValue + "_text"
                        continue
                    }
                case .area:
                    // `council` stays `council` (kpiql's own export); either name works on every metrics table.
                    areaField = file.names[i] == "council" ? "council" : "area"
                    fields[i] = areaField
                    columns.append(Column(areaField, data, doc: doc))
                default:
                    columns.append(Column(role.rawValue, data, doc: doc))
                }
                continue
            }
            var field = file.names[i]
            if derived.contains(field) || roleNames.contains(field) || (field == "good" && m.goodConstant != nil) { field += "_2" }
            var doc = file.doc(i)
            if let p = m.periods.firstIndex(of: i) {
                doc = "period \(p + 1) of \(m.periods.count), oldest first: " + doc
            }
            columns.append(Column(field, data, doc: doc))
            fields[i] = field
        }
        if let g = m.goodConstant {
            good = Array(repeating: EnumDomain.good.code(of: g) ?? EnumDomain.missingCode, count: n)
            columns.append(Column("good", .enumeration(codes: good, domain: .good), doc: "\(g) for every row (\(m.goodConstantOrigin))"))
        }
        let periods = m.periods.map { i -> [Double] in if case .number(let v) = file.columns[i] { return v } else { return [] } }
        let (layouts, layoutOfRow) = rowLayouts(m, file, periods)
        // One code per period heading, so a million rows make no strings.
        let headings = TextDictionary()
        let slotCodes = m.periods.map { headings.code(for: file.headers[$0]) }
        let all = Array(periods.indices)
        let latestPeriod = (0..<n).map { r -> Int32 in
            let slots = layouts.isEmpty ? all : layouts[Int(layoutOfRow[r])].slots
            return slots.last { !periods[$0][r].isNaN }.map { slotCodes[$0] } ?? -1
        }
        columns.append(Column("latest_period", .text(codes: latestPeriod, dictionary: headings), doc: "the heading of the period latest comes from"))
        columns += extra
        let table = Table(name: name, kind: .metrics, columns: columns, sources: [file.path])
        let (cumulative, perYear) = comparability(file, m, layouts, layoutOfRow)
        table.metricsInputs = MetricsInputs(periods: periods, target: target, periodTarget: periodTarget, good: good,
                                            reportedVariance: reportedVariance,
                                            reportedMet: [], layouts: layouts, layoutOfRow: layoutOfRow,
                                            cumulative: cumulative, periodsPerYear: perYear,
                                            periodNames: m.periods.map { file.headers[$0] }, skipsBlankPeriods: false)
        let names = Set(columns.map(\.name))
        let hasTarget = m.roles[.target] != nil || m.roles[.periodTarget] != nil
        table.defaultFields = [areaField, "id", "name", "indicator"].filter(names.contains) + (hasTarget ? [] : ["latest_period"])
            + ["latest"] + (hasTarget ? ["target", "variance", "status"] : ["previous", "change"]) + ["trend"]
        if names.contains(areaField) {
            table.addAlias(areaField == "council" ? "area" : "council", forField: areaField)
            table.indicatorKey = ["id", "name", "indicator"].filter(names.contains).prefix(1).map { $0 }
        }
        return table
    }

    /// Each row's period group (see `RoleMapping.periodGroups`): the last group after the
    /// first in which the row has a value, else the first.
    static func rowLayouts(_ m: RoleMapping, _ file: LoadedFile, _ periods: [[Double]]) -> ([PeriodLayout], [UInt8]) {
        // A whole-year outturn among quarters is another kind of period (not compared with a
        // quarter), which only a layout can say: one layout for a file of one group.
        func isOutturn(_ slot: Int) -> Bool { LoadedFile.normalise(file.headers[m.periods[slot]]).split(separator: " ").contains("outturn") }
        let groups = m.periodGroups.count > 1 ? m.periodGroups
            : (m.periods.count > 1 && m.periods.indices.contains(where: isOutturn) ? [Array(m.periods.indices)] : [])
        guard !groups.isEmpty else { return ([], []) }
        let layouts = groups.map { g in
            PeriodLayout(slots: g, labels: g.map { file.headers[m.periods[$0]] },
                         annual: g.map(isOutturn))
        }
        let rows = (0..<file.rowCount).map { r -> UInt8 in
            let g = groups.indices.dropFirst().last { k in groups[k].contains { !periods[$0][r].isNaN } }
            return UInt8(g ?? 0)
        }
        return (layouts, rows)
    }

    /// Which rows are year-to-date figures (a `cumulative` column, as kpiql writes it), and how
    /// many of the row's periods make a year: 4 for quarters (`q1`, `Q2 Sept`), 12 for months,
    /// else from a `frequency` column (Sefton's recent periods are one per Period Type), else 1.
    static func comparability(_ file: LoadedFile, _ m: RoleMapping, _ layouts: [PeriodLayout], _ layoutOfRow: [UInt8]) -> ([UInt8], [UInt8]) {
        let n = file.rowCount
        /// A text column as (codes, values): per-value work is done once, not per row.
        func text(_ heading: String) -> (codes: [Int32], values: [String])? {
            guard let i = file.index(ofHeading: heading), case .text(let codes, let dict) = file.columns[i] else { return nil }
            return (codes, dict.values)
        }
        var cumulative: [UInt8] = []
        if let c = text("cumulative") {
            let flag = PeriodComparison.cumulativeFlags(c.values)
            cumulative = c.codes.map { $0 < 0 ? 0 : flag[Int($0)] }
        }
        let frequency = text("frequency").map { f in (f.codes, f.values.map(PeriodComparison.periodsPerYear)) }
        func spacing(_ slots: [Int]) -> UInt8? {
            let words = slots.map { file.headers[m.periods[$0]].lowercased() }
            if words.contains(where: { $0.range(of: #"\bq[1-4]\b"#, options: .regularExpression) != nil }) { return 4 }
            if words.contains(where: { PeriodFormat.monthNumber($0.split(separator: " ").first ?? "") != nil }) { return 12 }
            return nil
        }
        let groups = layouts.isEmpty ? [Array(m.periods.indices)] : layouts.map(\.slots)
        let fixed = groups.map(spacing)
        if fixed.allSatisfy({ $0 == nil }) && frequency == nil { return (cumulative, []) }
        let perYear = (0..<n).map { r -> UInt8 in
            let g = layouts.isEmpty ? 0 : Int(layoutOfRow[r])
            return fixed[g] ?? frequency.map { codes, perYear in codes[r] < 0 ? 1 : perYear[Int(codes[r])] } ?? 1
        }
        return (cumulative, perYear)
    }

    /// A target column as numbers. Scorecards write words in some targets ("Increase",
    /// "Monitor only"): those are missing as targets, counted in a note, and kept as text.
    static func numbers(_ data: ColumnData, _ heading: String, _ field: String, _ notes: inout [String]) -> [Double] {
        switch data {
        case .number(let v): return v
        case .text(let codes, let dict):
            let parsed = dict.values.map { CouncilNumber.parse($0)?.value ?? .nan }
            let words = Set(dict.values.indices.filter { parsed[$0].isNaN && !MissingValues.isPlaceholder(dict.values[$0]) })
            if !words.isEmpty {
                let count = codes.filter { $0 >= 0 && words.contains(Int($0)) }.count
                let example = dict.values[words.min()!]
                notes.append("\(count) value\(count == 1 ? "" : "s") in column '\(heading)' \(count == 1 ? "is a word" : "are words"), not a number (e.g. '\(example)'): those rows have no \(field), and the text is kept in \(field)_text")
            }
            return codes.map { $0 < 0 ? .nan : parsed[Int($0)] }
        case .enumeration: return []
        }
    }

    /// Polarity codes from a text column; values that are no polarity are missing and noted.
    static func polarityCodes(_ data: ColumnData, _ n: Int, _ heading: String, _ notes: inout [String]) -> [UInt8] {
        guard case .text(let codes, let dict) = data else { return Array(repeating: EnumDomain.missingCode, count: n) }
        let byValue = dict.values.map { RoleRecognizer.polarity($0).flatMap { EnumDomain.good.code(of: $0) } ?? EnumDomain.missingCode }
        let unread = dict.values.indices.filter { byValue[$0] == EnumDomain.missingCode }
        if !unread.isEmpty {
            notes.append("column '\(heading)': \(unread.map { "'\(dict.values[$0])'" }.joined(separator: ", ")) read as no polarity (good is missing there)")
        }
        return codes.map { $0 < 0 ? EnumDomain.missingCode : byValue[Int($0)] }
    }
}
