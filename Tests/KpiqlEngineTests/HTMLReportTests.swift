import Foundation
import XCTest
@testable import KpiqlEngine
import KpiqlTestSupport
@testable import KpiqlData
@testable import KpiqlReport
@testable import KpiqlBench
@testable import KpiqlFuzzing
@testable import KpiqlShell

/// The HTML report for fixed queries, with the generation time injected so the page is the
/// same on every run: rows, cards, scorecard, provenance, and nothing loaded from elsewhere.
final class HTMLReportTests: XCTestCase {
    static let fixedDate = Date(timeIntervalSince1970: 1_795_000_000)   // 2026-11-18T11:06:40Z
    static let childrenRed = #"where priority = "Children" and status = red order by variance"#

    func report(_ queries: [String], parameters: [String: String] = [:], tolerance: Double? = nil, decimals: Int = 2) throws -> String {
        let workspace = try Workspace.bundled(directory: Repo.datasets), engine = workspace.engine
        if let tolerance { try workspace.setTolerance(tolerance) }
        let sections = try queries.map { q in
            ReportSection(query: q, parsed: try Parser.parse(q), source: SourceFile(name: "query", text: q), parameters: parameters,
                          result: try engine.run(q, parameters: parameters), catalog: engine.catalog)
        }
        var page = HTMLReport(sections: sections, catalog: engine.catalog, version: "9.9.9", generatedAt: Self.fixedDate)
        page.decimals = decimals
        return page.render()
    }

    /// The row headers (ids) of the result table, in order.
    func rowIds(_ html: String) -> [String] {
        let body = html.components(separatedBy: "<tbody>")[1].components(separatedBy: "</tbody>")[0]
        return body.components(separatedBy: "<th scope=\"row\" class=\"ref\" data-label=\"id\"><a href=\"#").dropFirst().map {
            String($0.split(separator: ">")[1].split(separator: "<")[0])
        }
    }

    func count(_ s: String, _ needle: String) -> Int { s.components(separatedBy: needle).count - 1 }

    func testChildrenRedRowsCardsAndCaption() throws {
        let html = try report([Self.childrenRed])
        XCTAssertEqual(try report([Self.childrenRed]), html, "the same inputs give the same page")
        XCTAssertTrue(html.contains("<title>Children&#39;s indicators rated red, largest adverse variance first</title>"))
        XCTAssertEqual(rowIds(html), ["CYP-005", "C15", "C11", "CYP-004", "CYP-001", "C12", "CYP-012", "E&amp;S-006", "PH-005"])
        XCTAssertTrue(html.contains("""
        <tr><td data-label="council">Sefton</td><th scope="row" class="ref" data-label="id"><a href="#s1-m2">C15</a></th>\
        <td data-label="name">Children&#39;s Social Care Ofsted Rating (Val)</td><td class="num" data-label="latest">1</td>\
        <td class="num" data-label="target">3</td><td class="num" data-label="variance">-66.67</td>\
        <td data-label="status"><span class="rag rag-red">Red</span></td>\
        <td data-label="trend"><span class="trend trend-same">Unchanged</span> \
        <span class="cell-note">(Most Recent vs Recent -1 · council&#39;s report: same)</span></td></tr>
        """), "the C15 row")
        XCTAssertEqual(count(html, "<article class=\"card card-red\""), 9)
        XCTAssertEqual(count(html, "<svg class=\"chart\""), 9)
        XCTAssertEqual(count(html, "<figcaption>"), 9)
    }

    /// The table, the card's figures and the chart round with the session's decimals, half
    /// away from zero (CYP-001's variance is −13.625).
    func testDecimalsRoundEveryNumberShown() throws {
        let q = #"where id = "CYP-001" select id, variance"#
        let one = try report([q], decimals: 1), two = try report([q])
        XCTAssertTrue(one.contains(#"data-label="variance">-13.6 <span class="cell-note">"#), "table at 1 place")
        XCTAssertTrue(one.contains("<dd>-13.6%</dd>"), "card figure at 1 place")
        XCTAssertTrue(two.contains(#"data-label="variance">-13.63 <span class="cell-note">"#), "table at 2 places, half away from zero")
        XCTAssertFalse(one.contains("13.625"), "no unrounded figure left on the page")
    }

    /// A St Helens card shows kpiql's trend labelled with the periods compared, beside the
    /// council's own; the variance says it used the period target; the chart sets the
    /// whole-year outturn apart from the quarters.
    func testCardShowsTheCouncilsJudgementBesideKpiqls() throws {
        let html = try report([#"where id in ("CYP-002", "CYP-001") select council, id, variance, trend"#])
        XCTAssertTrue(html.contains("<span class=\"trend-label\">Trend (Q2 Sept vs Q1 June):</span> <span class=\"trend trend-worsening\">Worsening</span>"
                                    + " · <span class=\"council-trend\">council&#39;s report: improving</span>"), "CYP-002")
        XCTAssertTrue(html.contains("<span class=\"trend-label\">Trend (no comparable period):</span>"), "CYP-001 is year to date")
        XCTAssertTrue(html.contains("<dt>Variance (against period target 800, not the annual 1600)</dt>"))
        XCTAssertTrue(html.contains("(Q2 Sept vs Q1 June · council&#39;s report: improving)</span>"), "the result table too")
        XCTAssertTrue(html.contains("<rect class=\"point annual\""), "the outturn is a square")
        XCTAssertTrue(html.contains("<line class=\"divider\""), "set apart from the quarters")
        XCTAssertTrue(html.contains("23/24 outturn (whole year) 87, Q1 June 89, Q2 Sept 87"), "and said so in words")
    }

    func testCommentaryMarkupBecomesParagraphs() throws {
        let html = try report([Self.childrenRed])
        XCTAssertTrue(html.contains("<section class=\"commentary\">\n<h4>Commentary</h4>\n<p>The CP repeat rate is at 36% for the year."))
        XCTAssertTrue(html.contains("<h4>Action for improvement</h4>\n<p>This continues to be focused on at performance meetings"))
        XCTAssertFalse(html.contains("&lt;p&gt;"), "no <p> shown as text")
        XCTAssertTrue(html.contains("<p class=\"none\">No action for improvement published.</p>"), "Sefton publishes none")
    }

    func testScorecard() throws {
        let html = try report([Self.childrenRed])
        XCTAssertTrue(html.contains("<tr><th scope=\"row\"><span class=\"rag rag-red\">Red</span> not met</th><td class=\"num\">9</td><td class=\"num\">100%</td></tr>"))
        XCTAssertTrue(html.contains("<tr><th scope=\"row\"><span class=\"trend trend-worsening\">Worsening</span></th><td class=\"num\">6</td><td class=\"num\">67%</td></tr>"))
        // CYP-001 and CYP-012 are year-to-date figures with no same point a year earlier: no comparison.
        XCTAssertTrue(html.contains("<tr><th scope=\"row\"><span class=\"trend trend-improving\">Improving</span></th><td class=\"num\">0</td><td class=\"num\">0%</td></tr>"))
        XCTAssertTrue(html.contains("<tr><th scope=\"row\">No comparison</th><td class=\"num\">2</td><td class=\"num\">22%</td></tr>"))
        XCTAssertTrue(html.contains("<tr><th scope=\"row\"><span class=\"trend trend-same\">Unchanged</span></th><td class=\"num\">1</td><td class=\"num\">11%</td></tr>"))
    }

    func testProvenanceFooter() throws {
        let html = try report(["where priority = $p and status = red order by variance"], parameters: ["p": "Children", "unused": "x"], tolerance: 10)
        let footer = html.components(separatedBy: "<footer class=\"provenance\">")[1]
        XCTAssertTrue(footer.contains("<time datetime=\"2026-11-18T11:06:40Z\">2026-11-18T11:06:40Z</time>"))
        XCTAssertTrue(footer.contains("<dd>9.9.9</dd>"))
        XCTAssertTrue(footer.contains("<span class=\"tolerance\">10</span>%"))
        for f in ["sefton_2024_11.csv", "st_helens_2024q2.csv"] {
            let hash = try XCTUnwrap(SHA256.hex(ofFile: Repo.datasets + "/" + f))
            XCTAssertTrue(footer.contains("<th scope=\"row\" class=\"file\">\(f)</th><td>metrics</td>"), f)
            XCTAssertTrue(footer.contains("<code class=\"sha256\">\(hash)</code>"), f)
        }
        XCTAssertFalse(footer.contains("budget"), "only the files the query read")
        XCTAssertTrue(footer.contains("<code class=\"query-text\">where priority = $p and status = red order by variance</code>"))
        XCTAssertTrue(footer.contains("Parameters: <code>$p = Children</code></p>"), "only the parameters the query uses")
        XCTAssertTrue(footer.contains("kpiql --tolerance 10 --param p=Children -c &#39;where priority = $p and status = red order by variance&#39; --format html &gt; report.html"))
        XCTAssertFalse(html.contains(Repo.datasets), "no local folder names in a shared report")
    }

    func testSelfContained() throws {
        let html = try report([Self.childrenRed, "from budget where variance > 3"])
        for banned in ["<script", "<link", "<img", "src=", "url(", "@import", "https://"] {
            XCTAssertFalse(html.contains(banned), banned)
        }
        // The only http: is the SVG namespace name, which is never fetched.
        XCTAssertEqual(count(html, "http://"), count(html, "xmlns=\"http://www.w3.org/2000/svg\""))
        XCTAssertTrue(html.contains("content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\""))
    }

    func testPlainTableIsTheTableAlone() throws {
        let html = try report(["from budget where variance > 3 select line, variance"])
        XCTAssertTrue(html.contains("<title>Budget lines where variance is above 3</title>"))
        XCTAssertTrue(html.contains("<td data-label=\"line\">Children&#39;s Social Care</td><td class=\"num\" data-label=\"variance\">3.5</td>"))
        XCTAssertFalse(html.contains("<article"))
        XCTAssertFalse(html.contains("class=\"scorecard\""))
        XCTAssertTrue(html.contains("sefton_budget_2024_06.csv"))
    }

    func testSeveralQueriesAreSections() throws {
        let html = try report([Self.childrenRed, "from budget where variance > 3"])
        XCTAssertTrue(html.contains("<title>Performance report: 2 queries</title>"))
        XCTAssertTrue(html.contains("<h2 id=\"s1-h\">1. Children&#39;s indicators rated red, largest adverse variance first</h2>"))
        XCTAssertTrue(html.contains("<h2 id=\"s2-h\">2. Budget lines where variance is above 3</h2>"))
        XCTAssertTrue(html.contains("<code class=\"sha256\">"), "sources of both tables")
        XCTAssertTrue(html.contains("sefton_budget_2024_06.csv") && html.contains("st_helens_2024q2.csv"))
    }
}
