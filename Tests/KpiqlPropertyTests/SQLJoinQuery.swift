@testable import KpiqlEngine

/// Random joins: the bundled `metrics` against St Helens' Q1 (`q1`) and against itself, inner
/// and left, on text, enum and number keys (some repeating, so rows multiply), with a third
/// table now and then, and `where`, `order by`, `group by … with totals` and `having` over the
/// joined fields. Written as text: qualified names have no `Query` builder here. Averages are of
/// one side's values: an average of differences that cancel to nothing (a table joined with
/// itself) is rounding noise, which DuckDB adds up in an order of its own.
struct SQLJoinQuery {
    var rng: SplitMix

    init(seed: UInt64) { rng = SplitMix(seed: seed) }

    static let keys = ["id", "id and priority", "priority_no and id", "status", "good and id", "latest", "priority", "trend and status"]
    static let conditions = ["was.status = red", "now.latest > was.latest", "was.id is missing", "now.council = Sefton", "was.variance < 0",
                             "now.trend = improving or was.trend = worsening", "not was.latest between 10 and 90", "was.name contains \"rate\"",
                             "now.status != was.status", "was.previous is not missing"]
    static let values = ["was.latest", "now.latest - was.latest", "was.variance", "now.status", "was.status", "was.spark", "was.name",
                         "now.id", "was.target", "was.trend", "coalesce(was.latest, 0)"]

    mutating func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
    mutating func chance(_ n: UInt64) -> Bool { rng.next() % n == 0 }

    mutating func query() -> String {
        let kind = chance(2) ? "join" : "left join"
        var text = "from metrics as now \(kind) \(pick(["q1", "q1", "metrics"])) as was on \(pick(Self.keys))"
        if chance(5) { text += " \(pick(["join", "left join"])) q1 as third on id and \(pick(["status", "good", "trend"]))" }
        if chance(2) { text += " where " + pick(Self.conditions) + (chance(3) ? " and " + pick(Self.conditions) : "") }
        if chance(3) {
            let key = pick(["now.priority", "was.status", "now.council", "was.trend"])
            text += " group by \(key)" + (chance(3) ? " with totals" : "")
            text += " select \(key), count() as n, count(was.id) as m, avg(\(pick(["was.latest", "now.target", "was.variance"]))) as a, count(\(pick(Self.conditions))) as r"
            if chance(2) { text += " having " + pick(["n > 3", "r >= 1", "a < 50 or m = 0", "count(was.status = red) > count(now.status = red)"]) }
            if chance(2) { text += " order by " + pick(["n desc", "a", "r desc, m"]) }
        } else {
            let items = (0..<3).map { i in "\(pick(Self.values)) as v\(i)" }
            text += " select now.id, " + items.joined(separator: ", ")
            if chance(3) { text += " order by " + pick(["v0", "v1 desc", "now.id, v2", "was.latest desc"]) }
            text += " limit \(1 + rng.next() % 40)"
        }
        return text
    }
}
