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

    /// What cells that are not numbers were found to be; a column of periods or dates repeats
    /// a few values millions of times, so each is examined once.
    private var seen: [String: Kind] = [:]
    private enum Kind { case placeholder, date, period, text }

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
        let kind: Kind
        if let k = seen[cell] { kind = k } else {
            if MissingValues.isPlaceholder(cell) { kind = .placeholder }
            else if PeriodFormat.isoDate(cell) != nil { kind = .date }
            else if PeriodFormat.isPeriod(cell) { kind = .period }
            else { kind = .text }
            if seen.count < 4096 { seen[cell] = kind }
        }
        switch kind {
        case .placeholder: missing.add(cell)
        case .date: dates += 1
        case .period: periods += 1
        case .text: text += 1; firstText = cell; seen = [:]
        }
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

    /// Date and period cells already read, by their text (a few distinct values, repeated).
    private var known: [String: Int32] = [:]

    mutating func add(_ raw: String) {
        let cell = raw.trimmed
        switch kind {
        case .number:
            numbers.append(cell.isEmpty ? .nan : (CouncilNumber.parse(cell)?.value ?? .nan))
        case .date, .period:
            if let code = known[cell] { codes.append(code); return }
            let code: Int32
            if kind == .date { code = PeriodFormat.isoDate(cell).map { dictionary.code(for: $0) } ?? -1 }
            else { code = cell.isEmpty || MissingValues.isPlaceholder(cell) ? -1 : dictionary.code(for: cell) }
            if known.count < 65536 { known[cell] = code }
            codes.append(code)
        case .text:
            codes.append(cell.isEmpty ? -1 : dictionary.code(for: cell))
        }
    }

    var data: ColumnData {
        kind == .number ? .number(numbers) : .text(codes: codes, dictionary: dictionary)
    }
}
