import KpiqlEngine

/// Dates and reporting periods as councils and statistics tables write them.
///
/// A *date* (`31/03/2024`, `2024-03-31`, `31 March 2024`, `31-Mar-24`) is read day first, as
/// British tables are written, and stored as `2024-03-31` so that dates sort and compare as
/// text. A *period* (`2023/24`, `2019 - 21`, `Q1 2024/25`, `Jun-24`, `June 2024`) is kept as
/// written: it names a span, not a day, and councils' own labels are what readers recognise.
public enum PeriodFormat {
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// The ISO form (`2024-03-31`) of a date cell, or nil.
    public static func isoDate(_ cell: String) -> String? {
        var s = Substring(cell)
        // A time of day after the date ("31/03/2024 00:00", "2024-03-31T09:00:00") is dropped.
        if let t = s.firstIndex(where: { $0 == "T" || $0 == " " }), s[s.index(after: t)...].contains(":") { s = s[..<t] }
        let parts = s.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == " " })
        guard parts.count == 3 else { return nil }
        let (a, b, c) = (String(parts[0]), String(parts[1]), String(parts[2]))
        var day: Int?, month: Int?, year: Int?
        if a.count == 4, let y = Int(a), let m = Int(b), let d = Int(c), s.contains("-"), !s.contains("/") {
            (year, month, day) = (y, m, d)
        } else if let d = Int(a), a.count <= 2 {
            day = d
            month = Int(b).flatMap { b.count <= 2 ? $0 : nil } ?? monthNumber(b)
            if let y = Int(c), c.count == 4 { year = y } else if let y = Int(c), c.count == 2, month != nil, Int(b) == nil { year = 2000 + y }
        }
        guard let d = day, let m = month, let y = year, (1...12).contains(m), d >= 1, d <= daysIn(m, y), (1800...2200).contains(y) else {
            return nil
        }
        return "\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
    }

    /// True if the cell names a reporting period.
    public static func isPeriod(_ cell: String) -> Bool { sortKey(cell) != nil }

    /// A number that orders periods in time (years, with quarters and months as fractions;
    /// a financial year starts in April), or nil if the text is not a period.
    public static func sortKey(_ cell: String) -> Double? {
        let words = cell.lowercased().split(whereSeparator: { $0 == " " })
        if words.count == 1 { return single(String(words[0])) }
        if words.count == 2 {
            let (a, b) = (String(words[0]), String(words[1]))
            // "Q1 2024/25" and "2024/25 Q1"; "June 2024"; "Jun 24".
            if let q = quarter(a), let y = single(b) { return y + Double(q - 1) / 4 }
            if let q = quarter(b), let y = single(a) { return y + Double(q - 1) / 4 }
            if let m = monthNumber(a), let y = Int(b), b.count == 4 || b.count == 2 { return year(y, digits: b.count) + Double(m - 1) / 12 }
        }
        // Fingertips' three-year ranges: "2019 - 21".
        if words.count == 3, words[1] == "-", let y = Int(words[0]), words[0].count == 4, let e = Int(words[2]), e == (y + 2) % 100 || e == (y + 1) % 100 {
            return Double(y)
        }
        return nil
    }

    private static func single(_ w: String) -> Double? {
        if let q = quarter(w) { return Double(q - 1) / 4 }
        let parts = w.split(whereSeparator: { $0 == "/" || $0 == "-" }).map(String.init)
        guard parts.count == 2 else { return nil }
        // "2023/24", "2023-24", "2023/2024", "23/24": a financial or academic year.
        if let y = Int(parts[0]), let e = Int(parts[1]), parts[0].count == 4 || parts[0].count == 2 {
            let start = year(y, digits: parts[0].count)
            if (parts[1].count == 2 && e == (y + 1) % 100) || (parts[1].count == 4 && e == Int(start) + 1) { return start + 0.25 }
            // "2024-06": a month.
            if parts[0].count == 4, parts[1].count == 2, w.contains("-"), (1...12).contains(e) { return start + Double(e - 1) / 12 }
            return nil
        }
        // "Jun-24", "Jun-2024".
        if let m = monthNumber(parts[0]), let y = Int(parts[1]), parts[1].count == 2 || parts[1].count == 4 {
            return year(y, digits: parts[1].count) + Double(m - 1) / 12
        }
        return nil
    }

    private static func quarter(_ w: String) -> Int? {
        guard w.count == 2, w.hasPrefix("q"), let q = Int(w.dropFirst()), (1...4).contains(q) else { return nil }
        return q
    }

    static func monthNumber<S: StringProtocol>(_ w: S) -> Int? {
        let l = w.lowercased()
        guard l.count >= 3, l.allSatisfy(\.isLetter) else { return nil }
        guard let i = months.firstIndex(of: String(l.prefix(3))) else { return nil }
        let full = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
        // "Sept" is common in council tables; otherwise the abbreviation or the full name.
        return l.count == 3 || full[i].hasPrefix(l) || l == "sept" ? i + 1 : nil
    }

    private static func year(_ y: Int, digits: Int) -> Double { Double(digits == 2 ? 2000 + y : y) }

    private static func daysIn(_ m: Int, _ y: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
