import KpiqlEngine

/// Reads a publisher's own RAG rating or trend, as scorecards word them, into kpiql's symbols,
/// so `reported_status = red` and `.audit` compare like with like. Words that are neither are
/// missing, and named once in the load report.
enum PublishedWords {
    static let status: [String: String] = [
        "green": "green", "g": "green", "met": "green", "achieved": "green", "on target": "green", "exceeded": "green",
        "met / exceeded": "green", "met exceeded": "green",
        "amber": "amber", "a": "amber", "within tolerance": "amber", "near target": "amber", "within 95": "amber",
        "red": "red", "r": "red", "not met": "red", "off target": "red", "missed": "red", "not achieved": "red",
    ]
    static let trend: [String: String] = [
        "improving": "improving", "improved": "improving", "better": "improving", "getting better": "improving",
        "worsening": "worsening", "worsened": "worsening", "worse": "worsening", "declining": "worsening", "getting worse": "worsening",
        "same": "same", "no change": "same", "stable": "same", "static": "same", "unchanged": "same", "maintained": "same",
    ]

    static func codes(_ data: ColumnData, _ domain: EnumDomain, _ heading: String, _ notes: inout [String]) -> [UInt8] {
        guard case .text(let codes, let dict) = data else { return Array(repeating: EnumDomain.missingCode, count: data.count) }
        let words = domain == .status ? status : trend
        // St Helens prints its trend as arrows (↑ improving, ↓ worsening, ↔ same).
        let byValue = dict.values.map { v in
            (words[LoadedFile.normalise(v)] ?? (domain == .trend ? PrintedFigures.arrowTrend(v) : nil)).flatMap { domain.code(of: $0) } ?? EnumDomain.missingCode
        }
        let unread = dict.values.indices.filter { byValue[$0] == EnumDomain.missingCode && !MissingValues.isPlaceholder(dict.values[$0]) }
        if !unread.isEmpty {
            notes.append("column '\(heading)': " + unread.prefix(5).map { "'\(dict.values[$0])'" }.joined(separator: ", ")
                         + (unread.count > 5 ? " …" : "") + " read as no \(domain.name) (missing there)")
        }
        return codes.map { $0 < 0 ? EnumDomain.missingCode : byValue[Int($0)] }
    }
}
