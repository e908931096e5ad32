import Foundation
import KpiqlEngine
import KpiqlData

/// Where one ranked row sits among its comparators, as a report draws it: one dot per area
/// with a value on the same indicator, the row's own area a filled diamond with its name, the
/// group's average dashed and the England (national) value dotted, and the axis turned so
/// that better is always to the right ("better →").
///
/// The figures come from the same `ComparativeEvaluator` pass as the query's `rank()`, so
/// the picture cannot disagree with the table. Shapes and line styles, not colour, tell the
/// council from its neighbours, so the chart reads the same printed in black and white.
public struct StripChart: Sendable {
    struct Point: Sendable { let label: String; let value: Double }

    let indicator: String
    let area: String
    let value: Double
    /// The comparators with a value, the row's own area not among them.
    let others: [Point]
    let average: Double
    let national: Point?
    /// nil when the indicator has no polarity: the axis then runs low to high.
    let goodHigh: Bool?
    let rank: Double
    let size: Double
    let groupLabel: String?

    /// At most this many strips per result: a report is read, not scrolled through.
    static let limit = 40

    /// The strips of a result's ranked rows, in result order (one per table row, at most `limit`).
    static func all(_ ranked: RankedRows, limit: Int = StripChart.limit) -> [StripChart] {
        let table = ranked.table, scope = ranked.scope
        let ev = Evaluator(table: table)
        let x = ev.numbers(ranked.value, (0..<Int32(table.rowCount)).map { $0 })
        let ce = ComparativeEvaluator(table: table, ev: ev)
        let hasPolarity: Bool = {
            guard let g = scope.goodColumn, case .enumeration(_, let d) = table.columns[g].data else { return false }
            return d == .good
        }()
        let ranks = hasPolarity ? ce.evaluate(.rank, ranked.value, scope) : []
        let sizes = ce.evaluate(.groupN, ranked.value, scope)
        let averages = ce.evaluate(.groupAvg, ranked.value, scope)
        var partOf = [Int](repeating: -1, count: table.rowCount)
        let parts = ce.partitions(scope.keyColumns, required: scope.partitionField)
        for (p, rows) in parts.enumerated() { for r in rows { partOf[r] = p } }
        let names = StripChart.texts(table, ["area", "area_code"])
        let indicators = StripChart.texts(table, ["indicator", "name", "indicator_name", "id"])
        let national = NationalValues(table: table, values: x)

        var seen = Set<Int32>(), out: [StripChart] = []
        for r32 in ranked.rows where out.count < limit && seen.insert(r32).inserted {
            let r = Int(r32)
            guard x[r].isFinite, partOf[r] >= 0, !sizes[r].isNaN else { continue }
            let others = parts[partOf[r]].filter { s in s != r && x[s].isFinite && StripChart.compared(s, with: r, scope) }
            var goodHigh: Bool?
            if hasPolarity, let g = scope.goodColumn, case .enumeration(let codes, _) = table.columns[g].data, codes[r] != EnumDomain.missingCode {
                goodHigh = codes[r] == 0
            }
            out.append(StripChart(indicator: indicators[r] ?? "", area: names[r] ?? "row \(r + 1)", value: x[r],
                                  others: others.map { Point(label: names[$0] ?? "", value: x[$0]) },
                                  average: averages[r], national: national.value(for: r),
                                  goodHigh: goodHigh, rank: ranks.isEmpty ? .nan : ranks[r], size: sizes[r],
                                  groupLabel: ranked.groupLabel))
        }
        return out
    }

    /// Whether row `s` is one of row `r`'s comparators (both in the same indicator already).
    static func compared(_ s: Int, with r: Int, _ scope: ComparisonScope) -> Bool {
        if let peers = scope.peers {
            let a = peers.rowArea[r], b = peers.rowArea[s]
            guard a >= 0, b >= 0, a != b, let list = peers.comparators[Int(a)] else { return false }
            return list.contains(b)
        }
        return scope.members?[s] ?? true
    }

    /// Each row's text in the first of `fields` the table has.
    static func texts(_ table: Table, _ fields: [String]) -> [String?] {
        for f in fields {
            guard let c = table.column(f) else { continue }
            return (0..<table.rowCount).map { r in
                switch c.data.value(at: r) {
                case .text(let s), .symbol(let s): return s
                case .number(let v): return NumberFormat.display(v)
                default: return nil
                }
            }
        }
        return Array(repeating: nil, count: table.rowCount)
    }

    /// "3rd of 16", "12th of 16".
    static func ordinal(_ n: Int) -> String {
        let suffix = (11...13).contains(n % 100) ? "th" : [1: "st", 2: "nd", 3: "rd"][n % 10] ?? "th"
        return "\(n)\(suffix)"
    }

    /// The sentence a screen reader hears, and the figure's caption says.
    var summary: String {
        var s = "\(area): \(NumberFormat.display(value))"
        if rank.isFinite { s += ", \(StripChart.ordinal(Int(rank))) of \(Int(size))" }
        if let g = groupLabel { s += " (\(g))" }
        if let good = goodHigh { s += ", \(good ? "higher" : "lower") is better" }
        if average.isFinite { s += "; group average \(NumberFormat.display(average))" }
        if let n = national { s += "; \(n.label) \(NumberFormat.display(n.value))" }
        return s
    }
}

/// The England (or national) value on each row's indicator: an `england_value` field where the
/// table has one (Fingertips), else the row of the same indicator whose area is a country.
struct NationalValues {
    let byRow: [StripChart.Point?]

    init(table: Table, values x: [Double]) {
        let n = table.rowCount
        if let c = table.column("england_value"), case .number(let v) = c.data {
            byRow = v.map { $0.isFinite ? StripChart.Point(label: "England", value: $0) : nil }
            return
        }
        let names = StripChart.texts(table, ["area"]), codes = StripChart.texts(table, ["area_code"])
        let types = StripChart.texts(table, ["area_type"])
        let keyColumns = (table.indicatorKey ?? []).compactMap { table.column($0) }
        func key(_ r: Int) -> String { keyColumns.map { $0.data.value(at: r).description }.joined(separator: "\u{0}") }
        var found: [String: StripChart.Point] = [:]
        for r in 0..<n where x[r].isFinite {
            let type = types[r]?.lowercased() ?? "", code = codes[r]?.uppercased() ?? "", name = names[r]?.lowercased() ?? ""
            let country = ["england", "country", "nation", "national"].contains(type)
                || ["E92", "S92", "W92", "N92", "K02", "K03", "K04"].contains(String(code.prefix(3)))
                || ["england", "scotland", "wales", "northern ireland", "england and wales", "united kingdom"].contains(name)
            if country, found[key(r)] == nil { found[key(r)] = StripChart.Point(label: names[r] ?? "National", value: x[r]) }
        }
        byRow = found.isEmpty ? Array(repeating: nil, count: n) : (0..<n).map { found[key($0)] }
    }

    func value(for r: Int) -> StripChart.Point? { byRow[r] }
}
