import KpiqlEngine

/// Turns a column's merged `ColumnBuilder` into its typed data: numbers as read, or text whose
/// distinct values are classified once each (placeholder, date, period, number, text) to
/// decide the column's type and, for dates and periods, the stored form.
enum ColumnFinisher {
    struct Finished {
        var kind: ColumnKind
        var data: ColumnData
        var profile: ColumnProfile
    }

    private enum Cell { case number(year: Bool), placeholder, date(String), period, text }

    /// `rescan` adds every cell of the column again to a text builder, for a column of numbers
    /// mode that held no number at all (only placeholders), whose cells are then kept as text.
    static func finish(_ b: ColumnBuilder, rescan: () -> ColumnBuilder) -> Finished {
        if b.mode == .numbers {
            if b.profile.numbers > 0 { return Finished(kind: .number, data: .number(b.numbers), profile: b.profile) }
            if b.profile.missing.total == 0 || b.rows == 0 {
                return Finished(kind: .text, data: .text(codes: Array(repeating: -1, count: b.rows), dictionary: TextDictionary()),
                                profile: b.profile)
            }
            var text = finish(rescan(), rescan: rescan)
            text.kind = .text
            text.profile = b.profile
            return text
        }
        let values = b.dictionary.strings()
        var counts = [Int](repeating: 0, count: values.count)
        var blanks = 0, firstBlank = -1
        for (r, c) in b.codes.enumerated() {
            if c >= 0 { counts[Int(c)] += 1 } else { blanks += 1; if firstBlank < 0 { firstBlank = r } }
        }
        var profile = ColumnProfile()
        if blanks > 0 { profile.missing.add("", row: firstBlank, count: blanks) }
        // Codes are in order of first appearance, so the first text value is the first in the file.
        var cells: [Cell] = []
        cells.reserveCapacity(values.count)
        for (k, v) in values.enumerated() {
            let cell = classify(v)
            cells.append(cell)
            switch cell {
            case .number(let year): profile.numbers += counts[k]; if year { profile.yearNumbers += counts[k] }
            case .placeholder: profile.missing.add(v, row: k, count: counts[k])
            case .date: profile.dates += counts[k]
            case .period: profile.periods += counts[k]
            case .text: profile.text += counts[k]; if profile.firstText == nil { profile.firstText = v }
            }
            // A column that holds text is text: the rest need no classifying.
            if profile.text > 0 { break }
        }
        let kind = profile.kind
        switch kind {
        case .text:
            return Finished(kind: .text, data: TextDictionary.encoded(b.codes, values), profile: profile)
        case .number:
            let byCode = values.map { CouncilNumber.parse($0)?.value ?? .nan }
            return Finished(kind: .number, data: .number(b.codes.map { $0 < 0 ? .nan : byCode[Int($0)] }), profile: profile)
        case .date, .period:
            let stored = cells.enumerated().map { k, cell -> String? in
                switch cell {
                case .date(let iso): return iso
                case .period, .number: return kind == .period ? values[k] : nil
                case .placeholder, .text: return nil
                }
            }
            return Finished(kind: kind, data: remap(b.codes, stored), profile: profile)
        }
    }

    /// A text column whose code `k` becomes `stored[k]` (nil: missing), in a compact dictionary.
    static func remap(_ codes: [Int32], _ stored: [String?]) -> ColumnData {
        let dict = TextDictionary()
        let to = stored.map { $0.map { dict.code(for: $0) } ?? -1 }
        return .text(codes: codes.map { $0 < 0 ? -1 : to[Int($0)] }, dictionary: dict)
    }

    private static func classify(_ v: String) -> Cell {
        if let n = CouncilNumber.parse(v), n.value.isFinite {
            return .number(year: n.value == n.value.rounded() && (1900...2100).contains(n.value) && v.utf8.count == 4)
        }
        if MissingValues.isPlaceholder(v) { return .placeholder }
        if let iso = PeriodFormat.isoDate(v) { return .date(iso) }
        if PeriodFormat.isPeriod(v) { return .period }
        return .text
    }
}
