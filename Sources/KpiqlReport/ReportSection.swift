import KpiqlEngine
import KpiqlData

/// One query of a report: its caption, the result table, a scorecard and a card per
/// indicator. A result that is not per indicator (budget lines, a grouping) is the table alone.
public struct ReportSection: Sendable {
    /// The query as written, and the parameters it uses with the values it ran with.
    public var query: String
    public var parameters: [String: String]
    /// The table a query without `from` read (`.use`), so the footer can say how to re-run it.
    public var defaultTable: String
    public var caption: String
    public var result: ResultSet
    public var cards: [MetricCard]
    public var scorecard: Scorecard?
    /// Where each ranked row sits among its comparators (a query whose select uses `rank()`).
    public var strips: [StripChart]
    /// How many distinct rows were ranked, when more than the strips drawn.
    public var rankedRows: Int
    /// Where the query came from when it was not typed ("saved query children_red"), for the footer.
    public var origin: String?
    /// A heading over a run of sections that belong together (`.diff`: "Since the last report").
    public var group: String?

    /// `query` is the text as written, `parsed` the same query parsed (its spans point into `source`).
    public init(query: String, parsed: Query, source: SourceFile, parameters: [String: String], result: ResultSet, catalog: Catalog,
                defaultTable: String = "metrics", origin: String? = nil) {
        self.origin = origin
        self.query = query.trimmingCharacters(in: .whitespacesAndNewlines)
        let used = Set(Lexer.parameterNames(in: query))
        self.parameters = parameters.filter { used.contains($0.key) }
        self.defaultTable = defaultTable
        self.caption = QueryCaption.make(parsed, source: source, parameters: parameters, defaultTable: defaultTable, catalog: catalog)
        // Beside kpiql's trend and variance: the periods compared, the council's own trend, the target used.
        self.result = Judgement.annotate(result, catalog: catalog, decimals: 2)
        self.cards = MetricCard.cards(for: result, catalog: catalog)
        self.scorecard = cards.isEmpty ? nil : Scorecard(cards: cards, tolerance: catalog.tolerance)
        self.strips = result.ranked.map { StripChart.all($0) } ?? []
        self.rankedRows = result.ranked.map { Set($0.rows).count } ?? 0
    }

    /// The result as an HTML table; an `id` with a card below links to it.
    func tableHTML(cardAnchors: [String: String], decimals: Int) -> String {
        let r = result
        var out = "<div class=\"table-wrap\" role=\"region\" aria-label=\"Result table\" tabindex=\"0\">\n<table class=\"result\">\n"
        out += "<caption>\(HTMLEscape.text(ReportSection.rowsLabel(r.rowCount))) from \(HTMLEscape.text(r.tableName))</caption>\n<thead><tr>"
        for c in r.columns {
            out += "<th scope=\"col\"\(c.type == .number ? " class=\"num\"" : "")>\(HTMLEscape.text(c.name))</th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        let idColumn = r.columns.firstIndex { $0.name.lowercased() == "id" }
        let councilColumn = r.columns.firstIndex { $0.name.lowercased() == "council" }
        for row in 0..<r.rowCount {
            out += "<tr>"
            for (i, c) in r.columns.enumerated() {
                var cell = ReportCell.html(c.values[row], type: c.type, decimals: decimals)
                if let notes = c.notes, row < notes.count, let note = notes[row] {
                    cell += " <span class=\"cell-note\">(\(HTMLEscape.text(note)))</span>"
                }
                if i == idColumn, case .text(let id) = c.values[row] {
                    let council = councilColumn.map { r.value(row: row, column: $0).description }
                    if let anchor = cardAnchors[MetricCard.key(council: council, id: id)] ?? cardAnchors[MetricCard.key(council: nil, id: id)] {
                        cell = "<a href=\"#\(anchor)\">\(cell)</a>"
                    }
                }
                // data-label names the field when a phone stacks the row (CSS shows it with attr()).
                let attrs = (c.type == .number ? " class=\"num\"" : (i == idColumn ? " class=\"ref\"" : ""))
                    + " data-label=\"\(HTMLEscape.text(c.name))\""
                out += i == idColumn ? "<th scope=\"row\"\(attrs)>\(cell)</th>" : "<td\(attrs)>\(cell)</td>"
            }
            out += "</tr>\n"
        }
        if r.rowCount == 0 {
            out += "<tr><td colspan=\"\(max(1, r.columns.count))\" class=\"empty\">No rows match this query.</td></tr>\n"
        }
        out += "</tbody>\n</table>\n</div>\n"
        return out
    }

    static func rowsLabel(_ n: Int) -> String { n == 1 ? "1 row" : "\(n) rows" }
}
