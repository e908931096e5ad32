/// Finds metric roles in a file's headings, the way council scorecards word them: "Good Is",
/// "Higher / Lower is better?", "Polarity", "Target", "Q1 June", "23/24 Outturn", "Most Recent".
///
/// Headings are compared in lower case with punctuation as spaces, so "KPI_Ref", "KPI Ref"
/// and "kpi-ref" are one heading. Each role goes to the first column that fits it.
enum RoleRecognizer {
    static let headings: [(RoleMapping.Role, Set<String>)] = [
        (.id, ["id", "ref", "reference", "ref no", "kpi ref", "pi ref", "kpi id", "kpi", "code", "kpi code", "pi code", "measure id",
               "measure ref", "indicator id", "indicator ref", "metric id", "metric ref", "pi", "pi no", "kpi no"]),
        (.name, ["name", "metric", "indicator", "measure", "indicator name", "measure name", "metric name", "kpi name", "kpi title",
                 "performance indicator", "performance measure", "description", "title", "kpi description",
                 "indicator description", "measure description", "pi description", "indicator title"]),
        (.priority, ["priority", "theme", "directorate", "service", "service area", "portfolio", "strategic priority", "council priority",
                     "corporate priority", "priority area", "department", "outcome", "strategic theme"]),
        (.area, ["area", "area name", "local authority", "council", "authority", "la", "la name", "organisation", "organisation name",
                 "borough", "district", "local authority name"]),
        (.areaCode, ["area code", "la code", "ons code", "gss code", "lad code", "local authority code", "organisation code",
                     "ons area code"]),
        (.unit, ["unit", "units", "measure type", "unit of measure", "value type"]),
    ]

    static func recognise(_ file: LoadedFile) -> RoleMapping {
        var m = RoleMapping()
        var taken = Set<Int>()
        func assign(_ role: RoleMapping.Role, _ i: Int) {
            guard m.roles[role] == nil, !taken.contains(i) else { return }
            m.roles[role] = .init(column: i, origin: "recognised heading")
            taken.insert(i)
        }
        for (i, h) in file.headers.enumerated() {
            let key = LoadedFile.normalise(h)
            let words = key.split(separator: " ").map(String.init)
            if words.contains("target") {
                let profiled = words.contains { ["profiled", "ytd", "period", "quarter", "quarterly", "monthly", "month", "q1", "q2", "q3", "q4"].contains($0) }
                    || key.contains("year to date")
                assign(profiled ? .periodTarget : .target, i)
                continue
            }
            if isPolarityHeading(key, words), looksLikePolarity(file, i) { assign(.good, i); continue }
            if let role = headings.first(where: { $0.1.contains(key) })?.0 { assign(role, i); continue }
        }
        let periodColumns = file.headers.indices.filter { i in
            !taken.contains(i) && file.kinds[i] == .number && isPeriodHeading(file.headers[i])
        }
        m.periods = ordered(periodColumns, file.headers)
        return m
    }

    /// "Good Is", "Polarity", "Higher / Lower is better?", "Better is", "Aim".
    static func isPolarityHeading(_ key: String, _ words: [String]) -> Bool {
        if ["good", "good is", "polarity", "good performance is", "better is", "aim", "desired direction", "direction of improvement",
            "good direction", "is high good", "high or low"].contains(key) { return true }
        return words.contains("better") && words.contains { ["higher", "lower", "high", "low"].contains($0) }
    }

    /// Most of the column's values read as a polarity (High, Lower is better, Low is good…).
    static func looksLikePolarity(_ file: LoadedFile, _ i: Int) -> Bool {
        guard case .text(_, let dict) = file.columns[i] else { return false }
        let read = dict.values.filter { polarity($0) != nil }.count
        return read * 2 >= dict.values.count && read > 0
    }

    /// A polarity cell: MetricRoles' reading, plus Fingertips' "RAG - Low is good".
    static func polarity(_ cell: String) -> String? {
        let c = cell.lowercased()
        if c.contains("low is good") || c.contains("lower is better") { return "low" }
        if c.contains("high is good") || c.contains("higher is better") { return "high" }
        return MetricRoles.polarity(cell)
    }

    static let periodWords: Set<String> = [
        "outturn", "recent", "latest", "previous", "baseline", "actual", "quarter", "qtr", "ytd", "q1", "q2", "q3", "q4",
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "january", "february", "march",
        "april", "june", "july", "august", "september", "october", "november", "december", "spring", "summer", "autumn", "winter",
    ]

    /// "Q1 June", "2023/24", "23/24 Outturn", "Recent -1", "Most Recent", "Jun-24", "2022".
    static func isPeriodHeading(_ heading: String) -> Bool {
        if PeriodFormat.isPeriod(heading) || PeriodFormat.isoDate(heading) != nil { return true }
        for token in heading.lowercased().split(whereSeparator: { $0 == " " || $0 == "_" }) {
            let t = String(token)
            if PeriodFormat.isPeriod(t) || periodWords.contains(t) { return true }
            if t.count == 4, let y = Int(t), (1990...2100).contains(y) { return true }
        }
        return false
    }

    /// Period columns oldest first: by the period their headings name when every heading names
    /// a different one (a file may list 2024/25 before 2023/24), otherwise in file order.
    static func ordered(_ columns: [Int], _ headers: [String]) -> [Int] {
        let keys = columns.map { i -> Double? in
            if let k = PeriodFormat.sortKey(headers[i]) { return k }
            let tokens = headers[i].split(separator: " ").map(String.init)
            let found = tokens.compactMap { PeriodFormat.sortKey($0) ?? Int($0).flatMap { (1990...2100).contains($0) ? Double($0) : nil } }
            return found.count == 1 ? found[0] : nil
        }
        guard keys.allSatisfy({ $0 != nil }), Set(keys.map { $0! }).count == keys.count else { return columns }
        // A quarter on its own ("Q1 June") has no year: it orders only against other quarters.
        let dated = keys.filter { $0! >= 1000 }.count
        guard dated == 0 || dated == keys.count else { return columns }
        return zip(columns, keys).sorted { $0.1! < $1.1! }.map(\.0)
    }
}
