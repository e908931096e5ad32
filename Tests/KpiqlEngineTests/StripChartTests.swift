import Foundation
import XCTest
@testable import KpiqlEngine
import KpiqlTestSupport
@testable import KpiqlData
@testable import KpiqlReport
@testable import KpiqlBench
@testable import KpiqlFuzzing
@testable import KpiqlShell

/// The strip chart of a ranked row: its comparators only, the own area named, better to the
/// right, the average and national lines, and names escaped.
final class StripChartTests: XCTestCase {
    /// Five areas and England on one indicator, low is good; Home's own list is Alpha, Beta, Gamma.
    func strips(_ q: String, good: String = "low") throws -> [StripChart] {
        let dir = Scratch.url("strip").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/rates.csv"
        try """
        area,area label,area long label,2022/23
        A1,Alpha,Alpha Council,10
        A2,Beta,Beta Council,20
        A3,<b>Gamma</b>,Gamma Council,25
        A4,Delta,Delta Council,40
        A6,Home,Home Council,30
        E92000001,England,England,22
        """.write(toFile: path, atomically: true, encoding: .utf8)
        try "good = \"\(good)\"\n".write(toFile: path + ".kpiql.toml", atomically: true, encoding: .utf8)
        let workspace = Workspace(), catalog = workspace.catalog
        workspace.add(try Loader.load(path: path, name: "rates").table)
        catalog.groups["nn"] = ComparatorGroup(name: "nn", form: .neighbours,
                                               lists: [(area: "A6", comparators: ["A1", "A2", "A3"]), (area: "A1", comparators: ["A2"])],
                                               source: "a test")
        let result = try workspace.engine.run(q)
        return try XCTUnwrap(result.ranked).map { StripChart.all($0) } ?? []
    }

    func count(_ s: String, _ needle: String) -> Int { s.components(separatedBy: needle).count - 1 }

    func testOnlyTheRowsOwnComparatorsAreDrawn() throws {
        let s = try XCTUnwrap(try strips("from rates where area = Home select area, rank(latest, nn)").first)
        XCTAssertEqual(s.others.map(\.value).sorted(), [10, 20, 25], "Alpha, Beta and Gamma; not Delta, not England")
        XCTAssertEqual(s.rank, 4)
        XCTAssertEqual(s.size, 4)
        XCTAssertEqual(s.average, 55.0 / 3, accuracy: 1e-9)
        XCTAssertEqual(s.national?.label, "England")
        XCTAssertEqual(s.national?.value, 22)
        let svg = s.svg(idPrefix: "s1-strip1")
        XCTAssertEqual(count(svg, "<circle"), 3)
        XCTAssertEqual(count(svg, "<path"), 1, "the own area is the one diamond")
        XCTAssertTrue(svg.contains(">Home 30 · 4th of 4</text>"))
        XCTAssertTrue(svg.contains("stroke-dasharray=\"5 3\""), "the group average, dashed")
        XCTAssertTrue(svg.contains("stroke-dasharray=\"1.5 3\""), "the national value, dotted")
        XCTAssertTrue(svg.contains(">better →</text>"))
        XCTAssertTrue(svg.contains("&lt;b&gt;Gamma&lt;/b&gt;: 25"), "area names are escaped")
        XCTAssertFalse(svg.contains("<b>"))
    }

    func testBetterIsAlwaysToTheRight() throws {
        // Low is good: the highest value is at the left end of the axis.
        let low = try XCTUnwrap(try strips("from rates where area = Home select rank(latest, nn)").first).svg(idPrefix: "a")
        let high = try XCTUnwrap(try strips("from rates where area = Home select rank(latest, nn)", good: "high").first).svg(idPrefix: "b")
        func leftEnd(_ svg: String) -> String? {
            svg.components(separatedBy: "<text x=\"24.0\"").dropFirst().first?.components(separatedBy: ">").dropFirst().first?
                .components(separatedBy: "<").first
        }
        XCTAssertEqual(leftEnd(low), "30")
        XCTAssertEqual(leftEnd(high), "10")
    }

    func testARowWithoutAListHasNoStrip() throws {
        XCTAssertTrue(try strips("from rates where area = Delta select rank(latest, nn)").isEmpty)
        XCTAssertEqual(try strips("from rates where area in (Home, Delta, Alpha) select rank(latest, nn)").map(\.area), ["Alpha", "Home"])
    }
}
