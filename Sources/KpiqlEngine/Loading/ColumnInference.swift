/// The type a loaded column is given.
public enum ColumnKind: String, Sendable {
    /// Every cell a number (in any council format), a placeholder or blank.
    case number
    /// Every cell a date (stored as `YYYY-MM-DD` text so it sorts), a placeholder or blank.
    case date
    /// Every cell a reporting period (`2023/24`, `Q1 2024/25`) or a year; kept as written.
    case period
    case text
}

/// What the first pass learns about one column: which kinds of cell it holds and how many
/// placeholders were read as missing. Once a column holds text it stays text, so its cells
/// are no longer examined (most of the cost of a large file is in its number columns).
struct ColumnProfile: Sendable {
    var numbers = 0, dates = 0, periods = 0, yearNumbers = 0
    var text = 0
    var bracketed = 0
    var missing = MissingTally()
    /// The first cell that made the column text, for notes about role columns.
    var firstText: String?

    mutating func add(_ raw: String) {
        if text > 0 { return }
        let cell = raw.trimmed
        if cell.isEmpty { missing.add(""); return }
        if let n = CouncilNumber.parse(cell) {
            numbers += 1
            if n.bracketed { bracketed += 1 }
            if n.value == n.value.rounded() && (1900...2100).contains(n.value) && cell.utf8.count == 4 { yearNumbers += 1 }
            return
        }
        if MissingValues.isPlaceholder(cell) { missing.add(cell); return }
        if PeriodFormat.isoDate(cell) != nil { dates += 1; return }
        if PeriodFormat.isPeriod(cell) { periods += 1; return }
        text += 1
        firstText = cell
    }

    var kind: ColumnKind {
        if text > 0 { return .text }
        switch (numbers > 0, dates > 0, periods > 0) {
        case (true, false, false): return .number
        case (false, true, false): return .date
        case (_, false, true) where numbers == yearNumbers: return .period
        default: return .text
        }
    }
}

/// Builds one typed column in the second pass, once its kind is known.
struct ColumnBuilder {
    let kind: ColumnKind
    private var numbers: [Double] = []
    private var codes: [Int32] = []
    private let dictionary = TextDictionary()

    init(kind: ColumnKind, capacity: Int) {
        self.kind = kind
        if kind == .number { numbers.reserveCapacity(capacity) } else { codes.reserveCapacity(capacity) }
    }

    mutating func add(_ raw: String) {
        let cell = raw.trimmed
        switch kind {
        case .number:
            numbers.append(cell.isEmpty ? .nan : (CouncilNumber.parse(cell)?.value ?? .nan))
        case .date:
            codes.append(PeriodFormat.isoDate(cell).map { dictionary.code(for: $0) } ?? -1)
        case .period:
            codes.append(cell.isEmpty || MissingValues.isPlaceholder(cell) ? -1 : dictionary.code(for: cell))
        case .text:
            codes.append(cell.isEmpty ? -1 : dictionary.code(for: cell))
        }
    }

    var data: ColumnData {
        kind == .number ? .number(numbers) : .text(codes: codes, dictionary: dictionary)
    }
}
