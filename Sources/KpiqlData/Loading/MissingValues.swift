import KpiqlEngine

/// The words council and statistics tables print where a number is missing: `N/A`, `-`,
/// "To be reported in Q3", ONS's `[x]` and `[c]`, Excel's `#DIV/0!`.
///
/// In a column of numbers they are read as missing, counted, and reported once after the
/// load; in a column of text they are text like any other.
public enum MissingValues {
    /// Whole cells (compared without case) that mean "no value".
    static let words: Set<String> = [
        "n/a", "na", "n.a.", "n.a", "-", "–", "—", "--", "..", "...", ":", "*", "x", "c", "z", "[x]", "[c]", "[z]", "[u]",
        "tbc", "tba", "tbd", "nil", "null", "none", "no data", "not available", "not applicable", "not known", "unknown",
        "suppressed", "nr", "dnc", "no return", "awaited", "pending", "missing",
        "#n/a", "#div/0!", "#value!", "#ref!", "#num!", "#name?", "#null!",
    ]

    /// Beginnings of phrases that explain a missing figure ("To be reported in Q3").
    static let phrases = [
        "to be reported", "to be confirmed", "to be published", "not yet", "awaiting", "not available", "not applicable",
        "no data", "data not", "not reported", "reported annually", "annual measure", "not due", "due in", "available in",
        "not collected", "not published", "no figure", "no target",
    ]

    /// True if the (trimmed) cell is a placeholder for a missing value.
    public static func isPlaceholder(_ cell: String) -> Bool {
        // Placeholders are short words or phrases; a long sentence is text.
        guard let first = cell.utf8.first, cell.utf8.count <= 60 else { return false }
        // Numbers start with a digit, a sign, a currency sign or a bracket: skip the lookups.
        if first >= 0x30 && first <= 0x39 { return false }
        let lower = cell.lowercased()
        if words.contains(lower) { return true }
        return phrases.contains { lower.hasPrefix($0) }
    }

    /// How a placeholder is named in the load report: blank, or the text in quotes.
    static func label(_ cell: String) -> String { cell.isEmpty ? "blank" : "\"\(cell)\"" }
}

/// Counts of the placeholders seen in one column, each with the row it first appeared on.
struct MissingTally: Sendable {
    private(set) var counts: [String: Int] = [:]
    private var firstRow: [String: Int] = [:]
    /// Blank cells, counted apart: they are most of the missing cells of a large file.
    private var blanks = 0, firstBlank = Int.max
    var total: Int { counts.values.reduce(blanks, +) }

    mutating func add(_ cell: String, row: Int, count: Int = 1) {
        if cell.isEmpty {
            blanks += count
            firstBlank = min(firstBlank, row)
            return
        }
        let key = MissingValues.label(cell)
        counts[key, default: 0] += count
        firstRow[key] = min(firstRow[key] ?? Int.max, row)
    }

    /// Adds the tally of a later slice whose first row is `rowOffset`.
    mutating func merge(_ other: MissingTally, rowOffset: Int) {
        if other.blanks > 0 { add("", row: other.firstBlank + rowOffset, count: other.blanks) }
        for (key, n) in other.counts {
            counts[key, default: 0] += n
            firstRow[key] = min(firstRow[key] ?? Int.max, other.firstRow[key]! + rowOffset)
        }
    }

    /// `"To be reported in Q3" ×2, blank ×1`: the commonest first, then the first seen.
    var summary: String {
        var all = counts.map { ($0.key, $0.value, firstRow[$0.key]!) }
        if blanks > 0 { all.append(("blank", blanks, firstBlank)) }
        all.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.2 < $1.2 }
        return all.prefix(4).map { "\($0.0) ×\($0.1)" }.joined(separator: ", ") + (all.count > 4 ? ", …" : "")
    }
}
