import KpiqlEngine
import KpiqlData

/// `.set`: the session settings people change, shown as a table with no arguments.
enum Settings {
    static let names = ["tolerance", "missing", "decimals", "width", "max_load_mb"]

    static func set(_ s: Session, _ a: DotArguments) throws(Diagnostic) {
        if a.count == 0 {
            let rows: [(String, String, String)] = [
                ("tolerance", NumberFormat.plain(s.engine.catalog.tolerance), "amber band: within this % of target is amber (St Helens: 5)"),
                ("missing", s.format.missingMarker, "how a missing value is shown in tables"),
                ("decimals", String(s.format.decimals), "decimal places shown in tables"),
                ("width", s.format.maxWidth.map(String.init) ?? (s.autoWidth ? "auto" : "none"),
                 "fit tables to this many columns (auto: the terminal's width; none: never cut)"),
                ("max_load_mb", s.maxLoadMB.map(NumberFormat.plain) ?? "auto", ".load refuses larger files (auto: 70% of the memory available)"),
            ]
            s.emit(TableListing.make(["setting", "value", "meaning"], rows.map { [.text($0.0), .text($0.1), .text($0.2)] }, table: "settings"))
            return
        }
        guard a.count == 2 else { throw a.error(".set needs a setting and a value", hints: ["for example: .set tolerance 10"]) }
        switch a[0].lowercased() {
        case "tolerance":
            guard let v = Double(a[1].replacingOccurrences(of: "%", with: "")) else { throw a.error("tolerance must be a number, found '\(a[1])'", at: 1) }
            do { try s.workspace.setTolerance(v) } catch { throw a.error(error.message, at: 1, hints: error.hints) }
        case "missing":
            s.format.missingMarker = a[1]
        case "decimals":
            guard let v = Int(a[1]), (0...10).contains(v) else { throw a.error("decimals must be a whole number from 0 to 10", at: 1) }
            s.format.decimals = v
        case "width":
            if a[1].lowercased() == "auto" { s.format.maxWidth = nil; s.autoWidth = true; return }
            if a[1].lowercased() == "none" || a[1] == "0" { s.format.maxWidth = nil; s.autoWidth = false; return }
            guard let v = Int(a[1]), v >= 20 else { throw a.error("width must be at least 20, auto or none", at: 1) }
            s.format.maxWidth = v
            s.autoWidth = false
        case "max_load_mb":
            if a[1].lowercased() == "auto" { s.maxLoadMB = nil; return }
            guard let v = Double(a[1]), v > 0, v.isFinite else { throw a.error("max_load_mb must be a number of megabytes, or auto", at: 1) }
            s.maxLoadMB = v
        default:
            throw a.error("unknown setting '\(a[0])'", at: 0,
                          hints: (Suggest.closest(to: a[0], in: names).map { ["did you mean '\($0)'?"] } ?? []) + ["settings: " + names.joined(separator: ", ")])
        }
    }
}
