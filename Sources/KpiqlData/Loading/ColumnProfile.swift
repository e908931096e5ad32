import KpiqlEngine

/// What a load learned about one column: which kinds of cell it holds, how many placeholders
/// were read as missing, and the first cell that made it text. The load report, the role
/// recognisers and the column's type are read from it.
struct ColumnProfile: Sendable {
    var numbers = 0, dates = 0, periods = 0, yearNumbers = 0
    var text = 0
    /// Numbers written in accounting brackets, `(3.2)` for −3.2.
    var bracketed = 0
    var missing = MissingTally()
    /// The first cell that made the column text, for notes about role columns.
    var firstText: String?

    /// Adds the profile of a later slice whose first row is `rowOffset`.
    mutating func merge(_ other: ColumnProfile, rowOffset: Int) {
        numbers += other.numbers; dates += other.dates; periods += other.periods
        yearNumbers += other.yearNumbers; text += other.text; bracketed += other.bracketed
        missing.merge(other.missing, rowOffset: rowOffset)
        if firstText == nil { firstText = other.firstText }
    }

    /// The column's type: text once any cell is text; a column of periods may hold plain
    /// years (`2023` beside `2023/24`); a column with no value at all is text.
    var kind: ColumnKind {
        if text > 0 { return .text }
        switch (numbers > 0, dates > 0, periods > 0) {
        case (true, false, false): return .number
        case (false, true, false): return .date
        case (_, false, true) where numbers == yearNumbers: return .period
        default: return .text
        }
    }

    /// No cell held a value (every one blank or a placeholder).
    var isEmpty: Bool { numbers + dates + periods + text == 0 }
}
