@testable import KpiqlEngine

/// Random queries that compare areas: `rank`, `quartile`, `group_avg` and `group_n` over the
/// whole indicator, `by FIELD` or a comparator mapping (each area its own list), of values with
/// many ties (rounded, negated, derived, themselves comparisons), used in `select`, `where`,
/// `order by`, and inside aggregates and `having` of a grouped query.
/// They read two loaded tables with areas: Scotland's LGBF family groups (`lgbf`) and a
/// Fingertips download (`ft`). Written as text, since `by FIELD` has no `Query` builder.
struct SQLComparisonQuery {
    var rng: SplitMix

    init(seed: UInt64) { rng = SplitMix(seed: seed) }

    /// Each table with the fields it can be partitioned by, fields to group by, and the
    /// comparator mappings defined for it (`mixedMapping` and the fixtures' files).
    static let tables: [(name: String, by: [String], keys: [String], groups: [String])] = [
        ("lgbf", ["family_group", "good", "status", "trend", "direction", "id", "previous"], ["id", "status", "good"], ["families"]),
        ("ft", ["area_type", "sex", "parent", "vs_england", "trend", "count"], ["area_type", "indicator", "vs_england"], ["mixed", "pairs"]),
    ]

    /// A mapping over `ft`'s areas that names them by code and by name (a row holding both
    /// makes them one area), lists an area in its own list, repeats one under both spellings,
    /// gives one area two entries and another an empty list, and names an area no row has.
    static let mixedMapping = """
        {"E08000014": ["Wirral", "E08000013", "Sefton", "Knowsley", "Nowhere"],
         "Wirral": ["e08000014", "WIGAN", "Halton", "Wirral"],
         "E08000013": [],
         "Knowsley": ["E08000012", "Liverpool", "St. Helens"],
         "E08000011": ["Sefton", "Halton"],
         "England": ["North West region", "E08000014"]}
        """
    /// Values to compare; the last two are comparisons themselves (a layer over a layer).
    static let values = ["latest", "previous", "change", "-latest", "round(latest, 0)", "round(latest / 10, 0)", "gap", "variance", "abs(change)",
                         "group_avg(latest)", "rank(change, by good)"]
    static let functions = ["rank", "quartile", "group_avg", "group_n"]

    mutating func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
    mutating func chance(_ n: UInt64) -> Bool { rng.next() % n == 0 }

    /// The table being queried.
    var table = tables[0]

    /// One comparison: a function, a value, and the whole indicator, `by FIELD` or a mapping.
    mutating func comparison(_ by: [String]) -> String {
        let scope: String
        switch rng.next() % 3 {
        case 0: scope = ""
        case 1: scope = ", by " + pick(by)
        default: scope = ", " + pick(table.groups)
        }
        return "\(pick(Self.functions))(\(pick(Self.values))\(scope))"
    }

    mutating func condition(_ by: [String]) -> String {
        switch rng.next() % 5 {
        case 0: return "\(comparison(by)) <= \(1 + rng.next() % 4)"
        case 1: return "\(comparison(by)) is missing"
        case 2: return "latest > \(rng.next() % 50)"
        case 3: return "\(comparison(by)) > \(comparison(by))"
        default: return "not \(comparison(by)) = 1"
        }
    }

    mutating func query() -> String {
        let t = pick(Self.tables)
        table = t
        var text = "from \(t.name)"
        if chance(2) { text += " where " + condition(t.by) + (chance(3) ? " and " + condition(t.by) : "") }
        if chance(3) {
            let key = pick(t.keys)
            text += " group by \(key) select \(key), count() as n, avg(\(comparison(t.by))) as a, count(\(condition(t.by))) as c, max(\(comparison(t.by))) as m"
            if chance(2) { text += " having " + pick(["a < 3", "count(\(condition(t.by))) > 1", "c >= 2 or m is missing", "min(\(comparison(t.by))) = 1"]) }
            if chance(2) { text += " order by " + pick(["a", "m desc", "n", "c desc"]) }
        } else {
            text += " select area, latest, \(comparison(t.by)) as a, \(comparison(t.by)) as b, \(condition(t.by)) as c"
            text += " order by " + pick(["a", "b desc", "a, b", "b, a desc", "area, a desc"])
        }
        if chance(3) { text += " limit \(rng.next() % 30)" }
        return text
    }
}
