import KpiqlEngine
import KpiqlData

/// A comparator mapping (each area its own list) in SQL, with `ComparisonPeers`' and
/// `ComparativeEvaluator.evaluatePeers`' meaning, computed from the server's rows:
///
/// - the mapping's entries are a VALUES list of lower-cased (area, comparator) pairs; an area
///   given with an empty list has one pair with no comparator;
/// - a row holding both a code and a name the mapping uses makes them one area: the areas are
///   the connected parts of those links (a recursive CTE), each known by its least spelling;
/// - a row's area is its code's, else its name's; an area's list is its entries' comparators;
/// - per indicator and area, the value compared is the first value in row order (a slot);
/// - each row's list is joined with the slots once for the whole table (`stats`), grouped by row;
/// - a row is compared with its list's other areas that have a value: rank 1 + those strictly
///   better, of them + 1; `group_n` those + 1 when the row has a value; `group_avg` their
///   mean, with the row's own value when its list names it, added in the list's order so the
///   last digit agrees (and with it the order of equal means). A row whose area has no list
///   has no result.
struct SQLComparisonPeers {
    let dialect: SQLDialect
    let table: Table
    /// Which mapping of the query this is: its tables and its row-area column are numbered by it.
    let number: Int

    var areaColumn: String { "kpiql_a\(number)" }
    var lists: String { "kpiql_lists\(number)" }
    var root: String { "kpiql_root\(number)" }
    private var r: String { SQLExpressions.source }

    /// The area columns a row is matched by, in `ComparisonPeers`' order: the code first.
    private var areaFields: [String] {
        ["area_code", "area"].filter { f in
            if let c = table.column(f), case .text = c.data { return true } else { return false }
        }.map { dialect.identifier(table.column($0)!.name) }
    }

    /// The CTEs that resolve the mapping against the rows of `kpiql_rows` (the whole table).
    func commonTables(_ group: ComparatorGroup) -> [(name: String, body: String)] {
        // Each pair numbered in file order: a list is summed in the order it was given.
        var pairs: [String] = []
        for entry in group.lists {
            let area = dialect.literal(entry.area.lowercased())
            if entry.comparators.isEmpty { pairs.append("(\(area), CAST(NULL AS TEXT), \(pairs.count))") }
            for c in entry.comparators { pairs.append("(\(area), \(dialect.literal(c.lowercased())), \(pairs.count))") }
        }
        let g = number, fields = areaFields
        let nodes = "SELECT kpiql_a AS kpiql_n FROM kpiql_pairs\(g) UNION SELECT kpiql_c FROM kpiql_pairs\(g) WHERE kpiql_c IS NOT NULL"
        var out: [(name: String, body: String)] = [
            ("kpiql_pairs\(g)", "SELECT * FROM (VALUES " + pairs.joined(separator: ", ") + ") AS kpiql_t(kpiql_a, kpiql_c, kpiql_k)"),
            ("kpiql_nodes\(g)", nodes),
        ]
        // Links between a code and a name that one row holds, both ways.
        var links = "SELECT CAST(NULL AS TEXT) AS kpiql_x, CAST(NULL AS TEXT) AS kpiql_y WHERE FALSE"
        if fields.count == 2 {
            let code = "lower(\(r).\(fields[0]))", name = "lower(\(r).\(fields[1]))"
            let both = "\n  FROM kpiql_rows AS \(r) WHERE \(code) IN (SELECT kpiql_n FROM kpiql_nodes\(g)) AND \(name) IN (SELECT kpiql_n FROM kpiql_nodes\(g))"
            links = "SELECT \(code) AS kpiql_x, \(name) AS kpiql_y" + both + "\n  UNION SELECT \(name), \(code)" + both
        }
        out.append(("kpiql_links\(g)", links))
        out.append(("kpiql_reach\(g)", "SELECT kpiql_n, kpiql_n AS kpiql_m FROM kpiql_nodes\(g)\n  UNION SELECT kpiql_q.kpiql_n, kpiql_e.kpiql_y FROM kpiql_reach\(g) AS kpiql_q JOIN kpiql_links\(g) AS kpiql_e ON kpiql_e.kpiql_x = kpiql_q.kpiql_m"))
        out.append((root, "SELECT kpiql_n, min(kpiql_m) AS kpiql_root FROM kpiql_reach\(g) GROUP BY kpiql_n"))
        // An area's list: its entries' comparators, each at its first place.
        out.append((lists, "SELECT kpiql_ra.kpiql_root AS kpiql_a, kpiql_rc.kpiql_root AS kpiql_c, min(kpiql_p.kpiql_k) AS kpiql_k FROM kpiql_pairs\(g) AS kpiql_p\n"
            + "  JOIN \(root) AS kpiql_ra ON kpiql_ra.kpiql_n = kpiql_p.kpiql_a LEFT JOIN \(root) AS kpiql_rc ON kpiql_rc.kpiql_n = kpiql_p.kpiql_c\n"
            + "  GROUP BY kpiql_ra.kpiql_root, kpiql_rc.kpiql_root"))
        return out
    }

    /// A row's area, as its root spelling (NULL when the mapping names neither its code nor its name).
    func rowArea() -> String {
        let lookups = areaFields.map { "(SELECT kpiql_root FROM \(root) WHERE kpiql_n = lower(\(r).\($0)))" }
        return (lookups.isEmpty ? "CAST(NULL AS TEXT)" : "COALESCE(" + lookups.joined(separator: ", ") + ")") + " AS \(areaColumn)"
    }

    /// Each row's indicator (the comparison's key columns) as one number, NULLs alike, so the
    /// joins below are on plain equalities a server can hash.
    func part(keys: [String]) -> String {
        "dense_rank() OVER (" + (keys.isEmpty ? "" : "ORDER BY " + keys.map { "\(r).\($0)" }.joined(separator: ", ")) + ")"
    }

    /// The slots of one compared value: per indicator (`part`, a column of `kpiql_placed`) and
    /// area, the first value in row order; `source` is `kpiql_placed` or a layer over it.
    func slots(value x: String, part: String, from source: String) -> String {
        "SELECT kpiql_part, kpiql_a, kpiql_x FROM (SELECT \(r).\(part) AS kpiql_part, \(r).\(areaColumn) AS kpiql_a, \(x) AS kpiql_x, "
            + "row_number() OVER (PARTITION BY \(r).\(part), \(r).\(areaColumn) ORDER BY \(r).\(dialect.identifier(SQLTableShape.rowColumn))) AS kpiql_first"
            + "\n  FROM \(source) AS \(r) WHERE \(r).\(areaColumn) IS NOT NULL AND \(x) IS NOT NULL) AS kpiql_t WHERE kpiql_first = 1"
    }

    /// Per row whose area has a list: how many of its other areas have a value (`kpiql_n`),
    /// their sum in the list's order, how many are strictly better than the row's value, and
    /// whether the list names the row's own area. One pass of joins, not a query per row.
    func stats(value v: String, good: String?, part: String, slots: String, from source: String) -> String {
        let a = "\(r).\(areaColumn)", g = good ?? "NULL"
        return "SELECT \(r).\(dialect.identifier(SQLTableShape.rowColumn)) AS kpiql_row, count(kpiql_s.kpiql_x) AS kpiql_n,\n"
            + "    sum(kpiql_s.kpiql_x ORDER BY kpiql_l.kpiql_k) AS kpiql_sum,\n"
            + "    count(CASE WHEN (CASE WHEN \(g) = 0 THEN kpiql_s.kpiql_x > \(v) ELSE kpiql_s.kpiql_x < \(v) END) THEN 1 END) AS kpiql_better,\n"
            + "    COALESCE(bool_or(kpiql_l.kpiql_c = \(a)), FALSE) AS kpiql_self\n"
            + "  FROM \(source) AS \(r) JOIN \(lists) AS kpiql_l ON kpiql_l.kpiql_a = \(a)\n"
            + "  LEFT JOIN \(slots) AS kpiql_s ON kpiql_s.kpiql_part = \(r).\(part) AND kpiql_s.kpiql_a = kpiql_l.kpiql_c AND kpiql_l.kpiql_c <> \(a)\n"
            + "  GROUP BY \(r).\(dialect.identifier(SQLTableShape.rowColumn))"
    }

    /// The function's value for the row `kpiql_r`, `stats` being its stats joined by row (no
    /// row there: the row's area has no list).
    func sql(_ f: ComparativeFunction, value v: String, good: String?, stats t: String) -> String {
        let n = "\(t).kpiql_n", d = dialect.doubleType
        let value: String
        switch f {
        case .groupN:
            value = "CAST(\(n) + CASE WHEN \(v) IS NULL THEN 0 ELSE 1 END AS \(d))"
        case .groupAvg:
            // Added in the list's order, then the row's own value, as evaluatePeers adds them.
            let own = "(\(v) IS NOT NULL AND \(t).kpiql_self)"
            value = "(COALESCE(\(t).kpiql_sum, 0) + CASE WHEN \(own) THEN \(v) ELSE 0 END) / NULLIF(CAST(\(n) + CASE WHEN \(own) THEN 1 ELSE 0 END AS \(d)), 0)"
        case .rank, .quartile:
            value = SQLComparative.rankOrQuartile(f, rank: "(1 + \(t).kpiql_better)", among: "(\(n) + 1)", value: v,
                                                  good: good ?? "NULL", dialect: dialect)
        }
        return "CASE WHEN \(t).kpiql_row IS NULL THEN NULL ELSE \(value) END"
    }
}
