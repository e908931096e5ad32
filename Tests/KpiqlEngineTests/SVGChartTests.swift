import XCTest
@testable import KpiqlEngine
@testable import KpiqlData
@testable import KpiqlReport
@testable import KpiqlBench
@testable import KpiqlFuzzing
@testable import KpiqlShell

/// The period chart: a gap for a missing period, a dashed target line, labelled axes, a title.
final class SVGChartTests: XCTestCase {
    func chart(_ values: [Double], target: Double = 34, periodTarget: Double = .nan) -> String {
        SVGChart(values: values, labels: ["23/24 outturn", "Q1 June", "Q2 Sept"], target: target, periodTarget: periodTarget,
                 status: "green", title: "CYP-014 <re-offending>", idPrefix: "s1-m1-chart").render()
    }

    func count(_ s: String, _ needle: String) -> Int { s.components(separatedBy: needle).count - 1 }

    func testMissingPeriodIsAGapNotAZero() {
        let svg = chart([36.8, 31.6, .nan])
        XCTAssertEqual(count(svg, "<polyline"), 1)
        XCTAssertEqual(count(svg, "<circle"), 2)
        XCTAssertTrue(svg.contains(">no value</text>"))
        let gapped = chart([36.8, .nan, 31.6])
        // Two separate points: no line may join across the missing period.
        XCTAssertEqual(count(gapped, "<polyline"), 0)
        XCTAssertEqual(count(gapped, "<circle"), 2)
    }

    func testTargetLineAndLegend() {
        let svg = chart([36.8, 31.6, 30], periodTarget: 35)
        XCTAssertEqual(count(svg, "<line class=\"target\""), 2, "the line and its legend sample")
        XCTAssertEqual(count(svg, "<line class=\"target period\""), 2)
        XCTAssertTrue(svg.contains(">Target 34</text>"))
        XCTAssertTrue(svg.contains(">Period target 35</text>"))
        XCTAssertFalse(chart([1, 2, 3], target: .nan).contains("class=\"target"))
    }

    func testAxesAreLabelledAndTheTitleIsEscaped() {
        let svg = chart([36.8, 31.6, .nan])
        for label in ["23/24 outturn", "Q1 June", "Q2 Sept", ">30<", ">38<"] { XCTAssertTrue(svg.contains(label), label) }
        XCTAssertTrue(svg.contains("role=\"img\" aria-labelledby=\"s1-m1-chart-title\""))
        XCTAssertTrue(svg.contains("<title id=\"s1-m1-chart-title\">CYP-014 &lt;re-offending&gt;: 23/24 outturn 36.8, Q1 June 31.6, Q2 Sept no value; target 34</title>"))
        XCTAssertTrue(svg.contains("class=\"point latest rag-green\""))
    }

    func testNiceScale() {
        let s = SVGChart.niceScale([21, 28])
        XCTAssertEqual(s.ticks, [20, 22, 24, 26, 28, 30])
        XCTAssertEqual(SVGChart.niceScale([0, 3]).ticks.first, 0, "counts never get a negative axis")
        let flat = SVGChart.niceScale([1, 1])
        XCTAssertLessThan(flat.lo, 1)
        XCTAssertGreaterThan(flat.hi, 1)
    }

    func testNoValuesAtAll() {
        XCTAssertTrue(chart([.nan, .nan, .nan], target: .nan).contains("No period values published"))
    }
}
