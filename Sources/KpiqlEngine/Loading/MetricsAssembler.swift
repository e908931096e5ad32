/// Builds a metrics table from a loaded file and its role mapping, column at a time: role
/// columns take the role's name (`id`, `name`, `target`, `good` …) so queries read the same on
/// every scorecard, the other columns keep theirs, and the derived fields are added by the
/// catalog. Nothing is copied row by row.
enum MetricsAssembler {
    /// Fields the deriver writes; a source column with one of these names keeps its data as `source_NAME`.
    static let derived: Set<String> = ["latest", "previous", "change", "direction", "trend", "variance", "gap", "status", "reported_status",
                                       "latest_period"]

    /// `fields` gets the name each file column has in the table, for the load report.
    static func build(name: String, file: LoadedFile, mapping m: RoleMapping, extra: [Column] = [],
                      notes: inout [String], fields: inout [String]) -> Table {
        let n = file.rowCount
        var roleOf: [Int: RoleMapping.Role] = [:]
        for (role, a) in m.roles { roleOf[a.column] = role }
        let roleNames = Set(m.roles.keys.map(\.rawValue))
        var columns: [Column] = []
        var good = [UInt8](repeating: EnumDomain.missingCode, count: n)
        var target = [Double](repeating: .nan, count: n), periodTarget = target

        for i in file.headers.indices {
            let data = file.columns[i]
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
                default:
                    columns.append(Column(role.rawValue, data, doc: doc))
                }
                continue
            }
            var field = file.names[i]
            if derived.contains(field) || roleNames.contains(field) || (field == "good" && m.goodConstant != nil) { field = "source_" + field }
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
        let latestPeriod = (0..<n).map { r -> String? in
            periods.indices.last { !periods[$0][r].isNaN }.map { file.headers[m.periods[$0]] }
        }
        columns.append(.text("latest_period", latestPeriod, doc: "the heading of the period latest comes from"))
        columns += extra
        let table = Table(name: name, kind: .metrics, columns: columns, sources: [file.path])
        table.metricsInputs = MetricsInputs(periods: periods, target: target, periodTarget: periodTarget, good: good,
                                            reportedVariance: Array(repeating: .nan, count: n),
                                            reportedMet: Array(repeating: 255, count: n))
        let names = Set(columns.map(\.name))
        let hasTarget = m.roles[.target] != nil || m.roles[.periodTarget] != nil
        table.defaultFields = ["area", "id", "name", "indicator"].filter(names.contains) + (hasTarget ? [] : ["latest_period"])
            + ["latest"] + (hasTarget ? ["target", "variance", "status"] : ["previous", "change"]) + ["trend"]
        if names.contains("area") {
            table.indicatorKey = ["id", "name", "indicator"].filter(names.contains).prefix(1).map { $0 }
        }
        return table
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
