import KpiqlEngine

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
        recognisePublished(file, &m, &taken)
        for (i, h) in file.headers.enumerated() where !taken.contains(i) {
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
        groupPeriods(periodColumns, file, &m)
        return m
    }

    /// Headings of fields kpiql derives, read as the publisher's own figure.
    static let published: [(field: String, headings: Set<String>)] = [
        ("reported_status", ["reported status", "status", "rag", "rating", "rag status", "rag rating"]),
        ("reported_variance", ["reported variance", "variance", "variance %"]),
        ("reported_trend", ["reported trend", "trend", "direction of travel", "dot"]),
        ("reported_change", ["reported change", "change"]),
        ("reported_direction", ["reported direction", "direction"]),
        ("reported_gap", ["reported gap", "gap"]),
    ]

    /// Fields kpiql computes from the other columns and no publisher prints: a column of one of
    /// these names is kpiql's own export, and is computed again rather than kept.
    static let computedOnly: Set<String> = ["spark", "vs england", "vs neighbours", "benchmark age", "latest period",
                                            "previous period", "comparison"]

    /// `status` → `reported_status` and the like; a `reported_*` column already in the file
    /// wins over a derived-named one, which is dropped and named in the load report.
    static func recognisePublished(_ file: LoadedFile, _ m: inout RoleMapping, _ taken: inout Set<Int>) {
        let keys = file.headers.map(LoadedFile.normalise)
        for (field, headings) in published {
            let candidates = keys.indices.filter { headings.contains(keys[$0]) }
            guard let first = candidates.first(where: { keys[$0] == field.replacingOccurrences(of: "_", with: " ") }) ?? candidates.first else { continue }
            m.published[first] = field
            taken.insert(first)
            for other in candidates where other != first {
                m.dropped[other] = "the same figure as column '\(file.headers[first])', which is kept as \(field)"
                taken.insert(other)
            }
        }
        for i in keys.indices where computedOnly.contains(keys[i]) {
            m.dropped[i] = "kpiql computes it from the other columns"
            taken.insert(i)
        }
    }

    /// kpiql's own period headings: `r3, r2, r1` (recent periods, oldest first) then `latest`;
    /// `previous` before `latest` when the file has no other periods. A file that also has
    /// other periods (`outturn, q1, q2`) holds two layouts, one per row.
    static func groupPeriods(_ columns: [Int], _ file: LoadedFile, _ m: inout RoleMapping) {
        let keys = file.headers.map(LoadedFile.normalise)
        func recent(_ i: Int) -> Int? { keys[i].hasPrefix("r") ? Int(keys[i].dropFirst()) : nil }
        let rs = columns.filter { recent($0) != nil }.sorted { recent($0)! > recent($1)! }
        let latest = columns.filter { keys[$0] == "latest" }
        let previous = columns.filter { keys[$0] == "previous" }
        let others = ordered(columns.filter { recent($0) == nil && !latest.contains($0) && !previous.contains($0) }, file.headers)
        var own = rs + latest
        if others.isEmpty && rs.isEmpty { own = previous + latest } else {
            // Beside other periods, `previous` (and `latest` without r3, r2, r1) summarise them:
            // the publisher's figures, kept, not periods of their own.
            for p in previous { m.published[p] = "reported_previous" }
            if rs.isEmpty { for l in latest { m.published[l] = "reported_latest" }; own = [] }
        }
        if own.isEmpty || others.isEmpty {
            m.periods = own.isEmpty ? others : own
        } else {
            m.periods = own + others
            m.periodGroups = [Array(own.indices), Array(own.count..<(own.count + others.count))]
        }
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

    /// A polarity cell (see `Polarity` for the words read).
    static func polarity(_ cell: String) -> String? { Polarity.read(cell) }

    static let periodWords: Set<String> = [
        "outturn", "recent", "latest", "previous", "r1", "r2", "r3", "r4", "r5", "r6", "baseline", "actual", "quarter", "qtr", "ytd", "q1", "q2", "q3", "q4",
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
