import KpiqlEngine
import KpiqlData

/// How one value looks in an HTML report: a rating as a coloured pill *with its word* (a
/// committee paper is often printed in black and white), a direction as ▲ ▼ ↔ with the word
/// for screen readers, numbers rounded as in kpiql's tables, a missing value as a dash.
enum ReportCell {
    static func html(_ v: Value, type: FieldType, decimals: Int) -> String {
        switch v {
        case .missing:
            return missing
        case .number(let d):
            return HTMLEscape.text(NumberFormat.display(d, decimals: decimals))
        case .symbol(let s):
            guard case .enumeration(let domain) = type else { return HTMLEscape.text(s) }
            if domain == .status { return pill(s) }
            if domain == .direction { return arrow(s) }
            if domain == .trend { return trend(s) }
            return HTMLEscape.text(s)
        case .text(let s):
            return HTMLEscape.text(s)
        case .bool(let b):
            return b ? "true" : "false"
        }
    }

    static let missing = "<span class=\"missing\" title=\"no value\">—</span>"

    /// `<span class="rag rag-red">Red</span>`; the class comes from a fixed list, never from data.
    static func pill(_ status: String?) -> String {
        guard let status, let key = ["green", "amber", "red"].first(where: { $0 == status.lowercased() }) else {
            return "<span class=\"rag rag-none\">No target</span>"
        }
        return "<span class=\"rag rag-\(key)\">\(key.prefix(1).uppercased() + key.dropFirst())</span>"
    }

    /// ▲ ▼ ↔, with the word beside it for screen readers and copy-paste.
    static func arrow(_ direction: String?) -> String {
        switch direction {
        case "up": return "<span class=\"dir\" aria-hidden=\"true\">▲</span><span class=\"sr\"> up</span>"
        case "down": return "<span class=\"dir\" aria-hidden=\"true\">▼</span><span class=\"sr\"> down</span>"
        case "same": return "<span class=\"dir\" aria-hidden=\"true\">↔</span><span class=\"sr\"> no change</span>"
        default: return missing
        }
    }

    static func trend(_ trend: String?) -> String {
        switch trend {
        case "improving": return "<span class=\"trend trend-improving\">Improving</span>"
        case "worsening": return "<span class=\"trend trend-worsening\">Worsening</span>"
        case "same": return "<span class=\"trend trend-same\">Unchanged</span>"
        default: return missing
        }
    }

    /// A number for a card's figures, with a unit suffix ("%") when it has a value.
    static func figure(_ v: Double, suffix: String = "", decimals: Int) -> String {
        v.isFinite ? HTMLEscape.text(NumberFormat.display(v, decimals: decimals) + suffix) : missing
    }
}
