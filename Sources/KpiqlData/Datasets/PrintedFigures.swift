import KpiqlEngine

/// Reads the figures councils print in their tables: "▲ (42.4%)", "↔", "2.0 (2.2%)",
/// "Met / Exceeded", trend arrows.
public enum PrintedFigures {
    /// Sefton's Change from Previous: the arrow gives the sign; "inf%" (a change from zero) is missing.
    public static func change(_ s: String) -> (percent: Double, direction: String?) {
        let t = s.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("↔") { return (0, "same") }
        let dir: String? = t.hasPrefix("▲") ? "up" : (t.hasPrefix("▼") ? "down" : nil)
        guard let dir, let pct = percentInParentheses(t) else { return (.nan, dir) }
        return (dir == "up" ? pct : -pct, dir)
    }

    /// Sefton's Distance from Target: units and % when missed; `met` for "Met / Exceeded".
    public static func distance(_ s: String) -> (units: Double, percent: Double?, met: Bool) {
        let t = s.trimmingCharacters(in: .whitespaces)
        if t.lowercased().hasPrefix("met") { return (.nan, nil, true) }
        guard let open = t.firstIndex(of: "(") else { return (.nan, nil, false) }
        let units = Double(t[..<open].trimmingCharacters(in: .whitespaces)) ?? .nan
        return (units, percentInParentheses(t), false)
    }

    /// St Helens' trend arrows: ↑ improved, ↓ worse, ↔ same (▲ ▼ read the same way).
    public static func arrowTrend(_ s: String) -> String? {
        switch s.trimmingCharacters(in: .whitespaces) {
        case "↑", "▲": return "improving"
        case "↓", "▼": return "worsening"
        case "↔", "→", "◄►": return "same"
        default: return nil
        }
    }

    static func percentInParentheses(_ t: String) -> Double? {
        guard let open = t.firstIndex(of: "("), let close = t.lastIndex(of: ")"), open < close else { return nil }
        var inner = t[t.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
        if inner.hasSuffix("%") { inner.removeLast() }
        guard let v = Double(inner), v.isFinite else { return nil }
        return v
    }
}
