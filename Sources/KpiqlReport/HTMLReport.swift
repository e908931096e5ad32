import Foundation
import KpiqlEngine
import KpiqlData

/// A committee-ready report: one self-contained HTML page (no fonts, scripts or images from
/// anywhere) with a plain-English caption per query, the result table with RAG as colour
/// and words, a scorecard, a card per indicator with its chart, commentary and action for
/// improvement, and a provenance footer. `.report` and `--format html` write it.
///
/// Everything from data, queries and file names is escaped through `HTMLEscape`; the page
/// also forbids scripts and remote loads with a Content-Security-Policy, as a second wall.
public struct HTMLReport: Sendable {
    public var sections: [ReportSection]
    public var provenance: ReportProvenance
    /// Decimal places for every number shown (the session's `.set decimals`), one rounding rule.
    public var decimals = 2

    public init(sections: [ReportSection], provenance: ReportProvenance) {
        self.sections = sections
        self.provenance = provenance
    }

    /// A report of `sections`, hashing the source files of the tables they read.
    public init(sections: [ReportSection], catalog: Catalog, version: String, generatedAt: Date) {
        let tables = sections.map(\.result.tableName)
        self.init(sections: sections,
                  provenance: ReportProvenance(sources: ReportProvenance.sources(tables: tables, catalog: catalog),
                                               tolerance: catalog.tolerance, version: version, generatedAt: generatedAt))
    }

    /// The page title: the caption of a single query, or a count of them.
    public var title: String {
        if let g = sections.first?.group, sections.allSatisfy({ $0.group == g }) { return g }
        return sections.count == 1 ? sections[0].caption : "Performance report: \(sections.count) queries"
    }

    static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

    public func render() -> String {
        var out = """
        <!DOCTYPE html>
        <html lang="en-GB">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="\(HTMLReport.contentSecurityPolicy)">
        <meta name="generator" content="kpiql \(HTMLEscape.text(provenance.version))">
        <title>\(HTMLEscape.text(title))</title>
        <style>
        \(ReportStyle.css)
        </style>
        </head>
        <body>
        <header class="page">
        <p class="kicker">Performance report</p>
        <h1>\(HTMLEscape.text(title))</h1>
        <p class="subtitle">\(HTMLEscape.text(subtitle))</p>
        </header>
        <main>

        """
        let single = sections.count == 1
        for (i, s) in sections.enumerated() {
            if let g = s.group, i == 0 || sections[i - 1].group != g {
                out += "<h2 class=\"report-group\">\(HTMLEscape.text(g))</h2>\n"
            }
            out += section(s, number: i + 1, single: single)
        }
        out += "</main>\n" + provenance.render(sections: sections) + "</body>\n</html>\n"
        return out
    }

    /// "From sefton_2024_11.csv and st_helens_2024q2.csv · generated 2026-11-26T09:30:00Z".
    var subtitle: String {
        let files = provenance.sources.map(\.name)
        let from = files.isEmpty ? "" : "From " + Suggest.list(files, conjunction: "and") + " · "
        return from + "generated " + provenance.generatedText + " · tolerance " + NumberFormat.plain(provenance.tolerance) + "%"
    }

    private func section(_ s: ReportSection, number: Int, single: Bool) -> String {
        let id = "s\(number)"
        // With one query the page title is its caption; with several each section has its own.
        let h = single ? 2 : 3
        var out = "<section class=\"report-section\" id=\"\(id)\" aria-labelledby=\"\(id)-h\">\n"
        if single {
            out += "<h2 id=\"\(id)-h\">Result</h2>\n"
        } else {
            out += "<h2 id=\"\(id)-h\">\(number). \(HTMLEscape.text(s.caption))</h2>\n"
        }
        var anchors: [String: String] = [:]
        for (j, card) in s.cards.enumerated() {
            let anchor = "\(id)-m\(j + 1)"
            anchors[MetricCard.key(council: card.council, id: card.id)] = anchor
            if anchors[MetricCard.key(council: nil, id: card.id)] == nil { anchors[MetricCard.key(council: nil, id: card.id)] = anchor }
        }
        out += s.tableHTML(cardAnchors: anchors, decimals: decimals)
        // What the engine said about the result (a comparator group that misses an area) goes
        // on the page too, where a reader of the paper sees it, not only on the terminal.
        for note in s.result.notes { out += "<p class=\"result-note\"><strong>Note.</strong> \(HTMLEscape.text(note))</p>\n" }
        let rated = s.result.columns.contains { c in
            if case .enumeration(let d) = c.type { return d == .status || d == .direction || d == .trend }
            return false
        }
        if rated || !s.cards.isEmpty { out += "<p class=\"legend\">" + legend() + "</p>\n" }
        if !s.strips.isEmpty { out += StripChart.block(s.strips, idPrefix: id, heading: h, shownOf: s.rankedRows) }
        if s.scorecard != nil {
            out += "<h\(h)>Summary</h\(h)>\n" + s.scorecard!.html()
        }
        if !s.cards.isEmpty {
            out += "<h\(h)>Indicators</h\(h)>\n<div class=\"cards\">\n"
            for (j, card) in s.cards.enumerated() { out += MetricCardHTML(card: card, anchor: "\(id)-m\(j + 1)", decimals: decimals).render() }
            out += "</div>\n"
        }
        return out + "</section>\n"
    }

    private func legend() -> String {
        "Ratings: " + ReportCell.pill("green") + " target met, " + ReportCell.pill("amber") + " within "
            + HTMLEscape.text(NumberFormat.plain(provenance.tolerance)) + "% of target, " + ReportCell.pill("red") + " not met. "
            + "Direction against the previous period: ▲ up, ▼ down, ↔ no change. Variance is % from target, positive is better. "
            + ReportCell.missing + " no value."
    }
}
