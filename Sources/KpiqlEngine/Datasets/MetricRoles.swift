/// Which columns of a CSV play which part in a metrics table: the period values in order,
/// the target, the polarity. Columns with no role stay as plain fields.
public struct MetricRoles: Sendable, Equatable {
    /// Column headers (as in the file) of the period values, oldest first.
    public var periods: [String]
    public var target: String?
    public var periodTarget: String?
    /// A column of high/low (also read: Higher, Lower, "Good Is High", up, down).
    public var good: String?
    public var id: String?
    public var name: String?

    public init(periods: [String], target: String? = nil, periodTarget: String? = nil, good: String? = nil,
                id: String? = nil, name: String? = nil) {
        self.periods = periods
        self.target = target
        self.periodTarget = periodTarget
        self.good = good
        self.id = id
        self.name = name
    }

    /// Reads a polarity cell as printed by councils: "High", "Higher", "Higher is better", "Low"…
    public static func polarity(_ cell: String) -> String? {
        let c = cell.trimmingCharacters(in: .whitespaces).lowercased()
        if c.hasPrefix("high") || c == "up" || c == "h" || c.hasPrefix("bigger") || c.hasPrefix("more") { return "high" }
        if c.hasPrefix("low") || c == "down" || c == "l" || c.hasPrefix("smaller") || c.hasPrefix("less") { return "low" }
        return nil
    }
}

/// Builds a metrics table from any CSV and a role mapping: every column of the file is kept
/// (numbers where every cell is a number, text otherwise), and the derived fields are added.
public enum MetricsTableBuilder {
    public static func build(name: String, csv: CSVTable, roles: MetricRoles, source: String) throws(Diagnostic) -> Table {
        let plain = csv.plainTable(named: name, source: source)
        var columns = plain.columns
        func numbers(_ header: String?) throws(Diagnostic) -> [Double] {
            guard let header else { return Array(repeating: .nan, count: csv.rowCount) }
            return try csv.numbers(header)
        }
        let periods = try roles.periods.map { (p: String) throws(Diagnostic) -> [Double] in try csv.numbers(p) }
        var good: [UInt8] = Array(repeating: EnumDomain.missingCode, count: csv.rowCount)
        if let g = roles.good {
            func polarity(_ cell: String) -> UInt8 { MetricRoles.polarity(cell).flatMap { EnumDomain.good.code(of: $0) } ?? EnumDomain.missingCode }
            if let (codes, values) = try csv.text(g) {
                // Once per distinct value, not per row (a million rows hold two or three values).
                let perValue = values.map(polarity)
                good = codes.map { $0 < 0 ? EnumDomain.missingCode : perValue[Int($0)] }
            } else {
                good = try csv.strings(g).map(polarity)
            }
            let field = CSVTable.fieldName(g)
            columns.removeAll { $0.name == field }
            columns.append(Column("good", .enumeration(codes: good, domain: .good), doc: "polarity from column '\(g)'"))
        }
        let target = try numbers(roles.target), periodTarget = roles.periodTarget == nil ? [] : try numbers(roles.periodTarget)
        // Source columns whose names clash with derived fields keep their data under a new name.
        let derived: Set<String> = ["latest", "previous", "change", "direction", "trend", "variance", "gap", "status", "reported_status"]
        for i in columns.indices where derived.contains(columns[i].name) && !roles.periods.contains(where: { CSVTable.fieldName($0) == columns[i].name }) {
            columns[i].name = "source_" + columns[i].name
        }
        // A period column called `latest` (the national-scale file) is the same value as the derived field.
        columns.removeAll { c in derived.contains(c.name) }
        if columns.first(where: { $0.name == "target" }) == nil, let t = roles.target {
            columns.append(.number("target", target, doc: "target from column '\(t)'"))
        }
        let table = Table(name: name, kind: .metrics, columns: columns, defaultFields: nil, sources: [source])
        table.metricsInputs = MetricsInputs(periods: periods, target: target, periodTarget: periodTarget, good: good,
                                            reportedVariance: [], reportedMet: [], periodNames: roles.periods.map(CSVTable.fieldName),
                                            skipsBlankPeriods: false)
        let idField = roles.id.map(CSVTable.fieldName) ?? (table.index(of: "id") != nil ? "id" : nil)
        let nameField = roles.name.map(CSVTable.fieldName) ?? (table.index(of: "name") != nil ? "name" : nil)
        table.defaultFields = [table.index(of: "council") != nil ? "council" : nil, idField, nameField].compactMap { $0 }
            + ["latest", "target", "variance", "status", "trend"]
        return table
    }
}
