import KpiqlEngine

/// Which column of a loaded file plays which part in a metrics table, and how each was found
/// (a recognised heading or a line of the sidecar file): `.fields` and the load report show it.
struct RoleMapping: Sendable {
    /// The roles a column can play; the raw value is the field name it gets and the sidecar key.
    enum Role: String, CaseIterable, Sendable {
        case id, name, priority, area, areaCode = "area_code", indicator, good, target, periodTarget = "period_target", unit
    }

    struct Assignment: Sendable {
        var column: Int
        /// "recognised heading" or "scorecard.csv.kpiql.toml line 3".
        var origin: String
    }

    var roles: [Role: Assignment] = [:]
    /// Period value columns, oldest first.
    var periods: [Int] = []
    var periodsOrigin = "recognised heading"
    /// Period groups, when the file holds two layouts side by side (kpiql's own export of
    /// Sefton's r3, r2, r1, latest beside St Helens' outturn, q1, q2): each row reads the
    /// group it has values in. Empty for one layout.
    var periodGroups: [[Int]] = []
    /// Columns named like a field kpiql derives: the publisher's own figure, kept as its
    /// `reported_*` field (column → field name).
    var published: [Int: String] = [:]
    /// Columns not kept, with why: kpiql computes them from the others, or a `reported_*`
    /// column already holds the same figure.
    var dropped: [Int: String] = [:]
    /// A polarity for every row, when the sidecar gives one instead of a column (`good = "low"`).
    var goodConstant: String?
    var goodConstantOrigin = ""

    func column(_ role: Role) -> Int? { roles[role]?.column }

    /// Enough to be a metrics table: something that names each row, period values, and a
    /// target or a polarity to judge them by.
    var isMetrics: Bool {
        (roles[.id] != nil || roles[.name] != nil || roles[.indicator] != nil) && !periods.isEmpty
            && (roles[.target] != nil || roles[.good] != nil || goodConstant != nil)
    }

    /// `id ← 'Ref', name ← 'Indicator', periods ← 'Q1 June', 'Q2 Sept'` with the origins.
    func describe(_ file: LoadedFile) -> [String] {
        var byOrigin: [(String, [String])] = []
        func add(_ origin: String, _ text: String) {
            if let i = byOrigin.firstIndex(where: { $0.0 == origin }) { byOrigin[i].1.append(text) } else { byOrigin.append((origin, [text])) }
        }
        for role in Role.allCases {
            if let a = roles[role] { add(a.origin, "\(role.rawValue) ← '\(file.headers[a.column])'") }
            if role == .good, let g = goodConstant { add(goodConstantOrigin, "good = \(g) for every row") }
        }
        if !periods.isEmpty { add(periodsOrigin, "periods ← " + periods.map { "'\(file.headers[$0])'" }.joined(separator: ", ")) }
        return byOrigin.map { "\($0.1.joined(separator: ", ")) (\($0.0 == "recognised heading" ? "recognised headings" : $0.0))" }
    }
}
