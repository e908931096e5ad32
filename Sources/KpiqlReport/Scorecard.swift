import KpiqlEngine
import KpiqlData

/// The summary tables of a report section: how many of its indicators are green, amber, red
/// or without a target, and how many are improving, worsening or unchanged, with percentages
/// rounded to whole numbers as councils print them.
public struct Scorecard: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        /// green/amber/red or improving/worsening/same; empty for "no target" and "no comparison".
        public var key: String
        /// Words beside the key: "target met", "within 5% of target"…
        public var meaning: String
        public var count: Int
        public var percent: Int
    }

    public var ratings: [Line]
    public var trends: [Line]
    public var total: Int

    /// `tolerance` is the amber band the ratings were computed with, for the amber line's words.
    public init(cards: [MetricCard], tolerance: Double) {
        let all = cards.count
        total = all
        func line(_ key: String, _ meaning: String, _ n: Int) -> Line {
            // Half away from zero, as councils round (22.5% is 23%).
            let pct = all == 0 ? 0 : Int(NumberFormat.round(Double(n) / Double(all) * 100, 0))
            return Line(key: key, meaning: meaning, count: n, percent: pct)
        }
        ratings = [
            line("green", "target met", cards.filter { $0.status == "green" }.count),
            line("amber", "within \(NumberFormat.plain(tolerance))% of target", cards.filter { $0.status == "amber" }.count),
            line("red", "not met", cards.filter { $0.status == "red" }.count),
            line("", "", cards.filter { $0.status == nil }.count),
        ]
        trends = [
            line("improving", "", cards.filter { $0.trend == "improving" }.count),
            line("worsening", "", cards.filter { $0.trend == "worsening" }.count),
            line("same", "", cards.filter { $0.trend == "same" }.count),
            line("", "No comparison", cards.filter { $0.trend == nil }.count),
        ]
    }

    /// The two tables as HTML.
    func html() -> String {
        "<div class=\"scorecards\">\n" + table("Performance against target", "Rating", ratings) { l in
            ReportCell.pill(l.key.isEmpty ? nil : l.key) + (l.meaning.isEmpty ? "" : " " + HTMLEscape.text(l.meaning))
        } + table("Direction of travel (against the previous period)", "Trend", trends) { l in
            l.key.isEmpty ? HTMLEscape.text(l.meaning) : ReportCell.trend(l.key)
        } + "</div>\n"
    }

    private func table(_ title: String, _ heading: String, _ lines: [Line], label: (Line) -> String) -> String {
        var out = "<table class=\"scorecard\">\n<caption>\(HTMLEscape.text(title))</caption>\n"
        out += "<thead><tr><th scope=\"col\">\(heading)</th><th scope=\"col\" class=\"num\">Indicators</th>"
            + "<th scope=\"col\" class=\"num\">%</th></tr></thead>\n<tbody>\n"
        for l in lines {
            out += "<tr><th scope=\"row\">\(label(l))</th><td class=\"num\">\(l.count)</td><td class=\"num\">\(l.percent)%</td></tr>\n"
        }
        return out + "</tbody>\n<tfoot><tr><th scope=\"row\">Total</th><td class=\"num\">\(total)</td><td class=\"num\">100%</td></tr></tfoot>\n</table>\n"
    }
}
