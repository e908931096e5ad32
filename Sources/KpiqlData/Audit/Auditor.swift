import KpiqlEngine

/// Checks a metrics table for figures and classifications that do not follow from the
/// published values. Reads columns by name, so it works on any metrics table that has them.
public enum Auditor {
    public static func audit(_ t: Table) -> [AuditFinding] {
        guard t.kind == .metrics else { return [] }
        let get = Accessor(table: t)
        var out: [AuditFinding] = []
        let arrowSources = Set((0..<t.rowCount).compactMap { r in get.text("printed_trend", r) != nil ? get.text("council", r) ?? "" : nil })
        for r in 0..<t.rowCount {
            func add(_ rule: AuditFinding.Rule, _ published: String, _ recomputed: String, _ detail: String = "") {
                out.append(AuditFinding(table: t.name, council: get.text("council", r), id: get.text("id", r) ?? "row \(r + 1)",
                                        rule: rule, published: published, recomputed: recomputed, detail: detail))
            }
            let latest = get.number("latest", r), previous = get.number("previous", r)
            let target = get.number("target", r), periodTarget = get.number("period_target", r)
            let t0 = periodTarget.isNaN ? target : periodTarget
            let good = get.symbol("good", r)
            let printedChange = get.text("printed_change", r) ?? ""
            let printedDistance = get.text("printed_distance", r) ?? ""
            if good == nil && !latest.isNaN { add(.missingPolarity, "", "", "status and trend cannot be worked out") }
            // Published variance (St Helens), compared at its printed precision ± one unit.
            let rv = get.number("reported_variance", r), v = get.number("variance", r)
            if !rv.isNaN && printedDistance.isEmpty {
                let places = (0...2).first { abs(NumberFormat.round(rv, $0) - rv) < 1e-9 } ?? 2
                let unit = pow10(-places)
                if v.isNaN || abs(NumberFormat.round(v, places) - rv) > unit + 1e-9 {
                    add(.variance, fmt(rv) + "%", v.isNaN ? "none" : fmt(NumberFormat.round(v, 2)) + "%",
                        periodTarget.isNaN ? "target \(fmt(target))" : "period target \(fmt(periodTarget))")
                }
            }
            // Sefton's change and distance, printed to one decimal place. The dashboard always
            // compares with the period just before (Recent -1), which is not always kpiql's
            // `previous` (a year-to-date figure is compared with a year earlier).
            let rc = get.number("reported_change", r)
            let series = t.series(row: r)
            let printedBase = series.count >= 2 ? series[series.count - 2] : previous
            if !rc.isNaN, !printedBase.isNaN, printedBase != 0 {
                let c = NumberFormat.round((latest - printedBase) / abs(printedBase) * 100, 1)
                if abs(c - rc) > 0.05 { add(.change, printedChange, fmt(c) + "%", "\(fmt(printedBase)) → \(fmt(latest))") }
            }
            if printedChange.contains("inf") {
                add(.changeFromZero, printedChange, "none", previous == 0 ? "previous value is 0" : "previous period is blank")
            }
            let rd = get.number("reported_distance", r)
            if !rd.isNaN, !target.isNaN, target != 0 {
                let d = abs(latest - target)
                if abs(NumberFormat.round(d, 1) - rd) > 0.05 || abs(NumberFormat.round(d / target * 100, 1) + rv) > 0.05 {
                    add(.distance, printedDistance, "\(fmt(NumberFormat.round(d, 1))) (\(fmt(NumberFormat.round(d / target * 100, 1)))%)")
                }
            }
            if target == 0 && (!rv.isNaN || printedDistance.contains("%")) { add(.zeroTarget, printedDistance.isEmpty ? fmt(rv) + "%" : printedDistance, "none") }
            // Published classification against the values.
            if let published = get.symbol("reported_status", r), let computed = get.symbol("status", r) {
                let met = published == "green", reallyMet = computed == "green"
                let against = "\(fmt(latest)) against \(fmt(t0)) (\(good ?? "no polarity"))"
                if met && !reallyMet { add(.metShort, "met", computed, against) }
                else if !met && reallyMet { add(.notMetButMet, published, "green", against) }
                else if !met && published != computed { add(.classification, published, computed, against) }
            }
            // A lost arrow: the row's source prints arrows (other rows have one) but this cell is empty.
            if get.text("printed_trend", r) == nil, arrowSources.contains(get.text("council", r) ?? "") {
                add(.missingArrow, "", get.symbol("trend", r) ?? "none", "the Trend cell is empty; N/A would mean no data last year")
            }
        }
        return out
    }

    static func fmt(_ v: Double) -> String { NumberFormat.display(v, decimals: 2) }
    static func pow10(_ p: Int) -> Double { p == 0 ? 1 : (p == -1 ? 0.1 : (p == -2 ? 0.01 : 0.001)) }

    /// All findings of every metrics table as a plain table `audit`, usable in queries.
    public static func table(for catalog: Catalog) -> Table {
        let findings = catalog.tableNames.compactMap { catalog.table($0) }.flatMap { audit($0) }
        return Table(name: "audit", kind: .plain, columns: [
            .text("table", findings.map(\.table), doc: "the metrics table checked"),
            .text("council", findings.map(\.council), doc: "the council of the metric"),
            .text("id", findings.map(\.id), doc: "the metric"),
            .text("rule", findings.map(\.rule.rawValue), doc: "the check that failed (see README: data-quality audit)"),
            .text("published", findings.map(\.published), doc: "the figure or classification as published"),
            .text("recomputed", findings.map(\.recomputed), doc: "what kpiql recomputes from the published values"),
            .text("detail", findings.map(\.detail), doc: "the values behind it"),
        ], sources: [])
    }
}

/// Typed access to a table's columns by name, missing when the column is absent.
struct Accessor {
    let table: Table
    func index(_ name: String) -> Int? { table.index(of: name) }
    func number(_ name: String, _ r: Int) -> Double {
        if case .number(let v)? = table.column(name)?.data { return v[r] }
        return .nan
    }
    func text(_ name: String, _ r: Int) -> String? {
        if case .text(let c, let d)? = table.column(name)?.data { return c[r] < 0 ? nil : d.values[Int(c[r])] }
        return nil
    }
    func symbol(_ name: String, _ r: Int) -> String? {
        if case .enumeration(let c, let d)? = table.column(name)?.data { return d.symbol(c[r]) }
        return nil
    }
}
