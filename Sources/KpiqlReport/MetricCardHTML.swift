import KpiqlEngine
import KpiqlData

/// One indicator's card in a report, laid out as the St Helens report presents an indicator:
/// the figures, a chart of its periods against target, the commentary, and the Action for
/// Improvement under it.
struct MetricCardHTML {
    let card: MetricCard
    /// The card's anchor, generated (`m1`, `m2`…), never taken from data.
    let anchor: String
    var decimals = 2

    func render() -> String {
        let c = card
        let ragClass = ["green", "amber", "red"].contains(c.status ?? "") ? "card-\(c.status!)" : "card-none"
        var out = "<article class=\"card \(ragClass)\" id=\"\(anchor)\" aria-labelledby=\"\(anchor)-h\">\n<header>\n"
        out += "<h3 id=\"\(anchor)-h\"><span class=\"ref\">\(HTMLEscape.text(c.id))</span> \(HTMLEscape.text(c.name ?? ""))</h3>\n"
        let meta = [c.council, c.priority, c.good.map { $0 == "high" ? "higher is better" : "lower is better" }].compactMap { $0 }
        out += "<p class=\"meta\">\(meta.map(HTMLEscape.text).joined(separator: " · "))</p>\n"
        out += "<p class=\"badges\">\(ReportCell.pill(c.status)) " + judgement() + "</p>\n</header>\n"

        out += "<dl class=\"figures\">\n"
        out += figure("Latest", ReportCell.figure(c.latest, decimals: decimals))
        if c.periodTarget.isFinite {
            out += figure("Period target", ReportCell.figure(c.periodTarget, decimals: decimals))
        }
        out += figure("Target", ReportCell.figure(c.target, decimals: decimals))
        out += figure(c.varianceNote.map { "Variance (\($0))" } ?? "Variance", ReportCell.figure(c.variance, suffix: "%", decimals: decimals))
        out += figure("Change", c.change.isFinite ? ReportCell.arrow(c.direction) + " " + ReportCell.figure(c.change, suffix: "%", decimals: decimals)
                                                 : ReportCell.arrow(c.direction))
        out += "</dl>\n"

        out += "<figure class=\"chart-box\">\n" + c.chart(idPrefix: anchor + "-chart", decimals: decimals).render() + "\n"
        out += "<figcaption>\(HTMLEscape.text(chartCaption()))</figcaption>\n</figure>\n"

        out += "<section class=\"commentary\">\n<h4>Commentary</h4>\n"
        out += paragraphs(c.commentary, none: "No commentary published.")
        out += "</section>\n<section class=\"action\">\n<h4>Action for improvement</h4>\n"
        out += paragraphs(c.action, none: "No action for improvement published.")
        out += "</section>\n"
        if let note = c.note, !note.isEmpty {
            out += "<p class=\"note\"><strong>Note:</strong> \(HTMLEscape.text(note))</p>\n"
        }
        return out + "</article>\n"
    }

    /// kpiql's trend, labelled with the periods it compares, beside the council's own:
    /// "Trend (Q2 Sept vs Q1 June): Worsening · council's report: improving".
    private func judgement() -> String {
        let c = card
        var out = "<span class=\"judgement\">"
        if let label = c.trendLabel { out += "<span class=\"trend-label\">\(HTMLEscape.text(label)):</span> " }
        out += c.trend == nil && c.trendLabel != nil ? "<span class=\"trend trend-none\">not compared</span>" : ReportCell.trend(c.trend)
        if let council = c.councilTrend {
            out += " · <span class=\"council-trend\">council&#39;s report: \(HTMLEscape.text(council))</span>"
        }
        return out + "</span>"
    }

    private func figure(_ term: String, _ valueHTML: String) -> String {
        "<div><dt>\(HTMLEscape.text(term))</dt><dd>\(valueHTML)</dd></div>\n"
    }

    /// Commentary as real paragraphs: the `<p>` markup in the source splits them, and each
    /// paragraph's text is escaped.
    private func paragraphs(_ text: String?, none: String) -> String {
        let html = HTMLEscape.paragraphsHTML(text ?? "")
        return html.isEmpty ? "<p class=\"none\">\(HTMLEscape.text(none))</p>\n" : html + "\n"
    }

    private func chartCaption() -> String {
        let labels = card.labels.prefix(card.values.count)
        let span = labels.count > 1 ? "\(labels.first!) to \(labels.last!)" : (labels.first ?? "")
        var s = "Values \(span)"
        if card.target.isFinite { s += "; dashed line: target" }
        if card.periodTarget.isFinite, card.periodTarget != card.target { s += "; dotted line: period target" }
        if card.values.contains(where: { !$0.isFinite }) { s += "; a gap is a period with no value" }
        if card.annual.contains(true) { s += "; a square is a whole-year outturn, set apart from the quarters" }
        return s + "."
    }
}
