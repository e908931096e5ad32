import KpiqlEngine
import KpiqlData

/// A sparkline in SQL, mark for mark as `Sparkline.draw`: ▁ for the row's lowest value, █ for
/// its highest, ▄ for every value when they are all equal, a space for a missing one, and
/// missing when there is no value at all. The mark is the value's place between lowest and
/// highest times 7, rounded half away from zero (the fraction is exact, so the rounding is).
struct SQLSpark {
    let dialect: SQLDialect
    static let bars = "▁▂▃▄▅▆▇█"

    func sql(_ values: [String]) -> String {
        guard !values.isEmpty else { return "CAST(NULL AS TEXT)" }
        let lo = values.count == 1 ? values[0] : "LEAST(\(values.joined(separator: ", ")))"
        let hi = values.count == 1 ? values[0] : "GREATEST(\(values.joined(separator: ", ")))"
        let marks = values.map { v -> String in
            let x = "((\(v) - \(lo)) / (\(hi) - \(lo)) * 7)"
            let rounded = "(trunc(\(x)) + CASE WHEN \(x) - trunc(\(x)) >= 0.5 THEN 1 ELSE 0 END)"
            return "CASE WHEN \(v) IS NULL THEN ' ' WHEN \(hi) = \(lo) THEN '▄' "
                + "ELSE substr(\(dialect.literal(Self.bars)), CAST(LEAST(7, \(rounded)) AS INTEGER) + 1, 1) END"
        }
        return "CASE WHEN \(hi) IS NULL THEN NULL ELSE " + marks.joined(separator: " || ") + " END"
    }
}
