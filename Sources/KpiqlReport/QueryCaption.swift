import Foundation
import KpiqlEngine
import KpiqlData

/// A plain-English caption of a query, for report titles: "Children's indicators rated red,
/// largest adverse variance first".
///
/// Built from the parsed `Query`, not from the text, so clause order and spelling do not
/// matter. Conditions kpiql knows (council, priority, status, trend, good, quartile…) get
/// their own words; anything else is quoted as written, so a caption is never wrong, only
/// sometimes plain.
public enum QueryCaption {
    /// The caption of a parsed query whose spans point into `source`; parameters are shown
    /// with their values. `defaultTable` is the table a query without `from` reads; the catalog
    /// tells a metrics table from a plain one.
    public static func make(_ query: Query, source: SourceFile, parameters: [String: String] = [:], defaultTable: String = "metrics",
                            catalog: Catalog? = nil) -> String {
        let tableName = query.from?.text ?? defaultTable
        let isMetrics = catalog.map { $0.table(tableName)?.kind == .metrics } ?? (tableName.lowercased() == "metrics")
        var c = CaptionConditions(source: source, parameters: parameters)
        if let filter = query.filter { c.add(filter) }

        var subject = noun(tableName, isMetrics: isMetrics)
        if let p = c.priority { subject = priorityAdjective(p) + " " + subject }
        if let council = c.council { subject = possessive(council) + " " + subject }
        if c.council == nil, c.priority == nil, c.participles.isEmpty, c.clauses.isEmpty { subject = "all " + subject }
        var sentence = subject
        if !c.participles.isEmpty { sentence += " " + Suggest.list(c.participles, conjunction: "and") }
        if !c.clauses.isEmpty { sentence += " where " + c.clauses.joined(separator: " and ") }
        if let groups = query.groupBy, !groups.isEmpty {
            sentence += " grouped by " + Suggest.list(groups.map { c.slice($0) }, conjunction: "and")
            if query.withTotals { sentence += " with totals" }
        }
        if let order = query.orderBy, !order.isEmpty { sentence += ", " + orderPhrase(order, isMetrics: isMetrics, c: c) }
        if let limit = query.limit { sentence += limit == 1 ? ", first row only" : ", first \(limit) only" }
        return capitalised(sentence)
    }

    /// "largest adverse variance first", "red first, then ordered by id": each key of `order by`.
    static func orderPhrase(_ items: [Query.OrderItem], isMetrics: Bool, c: CaptionConditions) -> String {
        var phrases: [String] = []
        var plain: [String] = []   // consecutive keys with no words of their own: "ordered by a, then b"
        func flushPlain() {
            if !plain.isEmpty { phrases.append("ordered by " + plain.joined(separator: ", then ")) }
            plain = []
        }
        for item in items {
            if let special = specialOrder(item, isMetrics: isMetrics) {
                flushPlain()
                phrases.append(special)
            } else {
                plain.append(c.slice(item.expr) + (item.descending ? " descending" : ""))
            }
        }
        flushPlain()
        return phrases.joined(separator: ", then ")
    }

    /// Words for sort keys whose direction means something: variance (positive is better),
    /// status (green, amber, red), trend.
    static func specialOrder(_ item: Query.OrderItem, isMetrics: Bool) -> String? {
        guard case .name(let n) = item.expr.kind else { return nil }
        switch n.lowercased() {
        case "variance" where isMetrics, "reported_variance" where isMetrics:
            let what = n.lowercased() == "variance" ? "variance" : "published variance"
            return item.descending ? "largest favourable \(what) first" : "largest adverse \(what) first"
        case "status", "reported_status":
            return item.descending ? "red first" : "green first"
        case "trend" where isMetrics:
            return item.descending ? "unchanged first" : "improving first"
        default:
            return nil
        }
    }

    static func noun(_ table: String, isMetrics: Bool) -> String {
        if isMetrics { return "indicators" }
        switch table.lowercased() {
        case "budget": return "budget lines"
        case "capital": return "capital programme lines"
        default: return "rows of \(table)"
        }
    }

    /// "Children's", "Adults'", "Health": how a priority label reads before "indicators".
    static func priorityAdjective(_ p: String) -> String {
        switch p.lowercased() {
        case "children": return "Children's"
        case "adults": return "Adults'"
        default: return p
        }
    }

    /// "Sefton's", "St Helens'".
    static func possessive(_ name: String) -> String { name.hasSuffix("s") ? name + "'" : name + "'s" }

    static func capitalised(_ s: String) -> String {
        guard let first = s.first else { return s }
        return first.uppercased() + s.dropFirst()
    }

    /// Runs of spaces and newlines become one space: a query written over lines reads as one.
    static func collapse(_ s: String) -> String {
        s.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }
}
