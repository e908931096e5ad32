import Foundation
import XCTest
@testable import KpiqlEngine
import KpiqlTestSupport
@testable import KpiqlData
@testable import KpiqlReport
@testable import KpiqlBench
@testable import KpiqlFuzzing
@testable import KpiqlShell

/// A file with kpiql's own Sefton period headings (the benchmark's workload layout) becomes a
/// metrics table through the loader users run: r3, r2, r1 and latest are periods, oldest first.
final class MetricsTableBuilderTests: XCTestCase {
    func testWorkloadHeadingsAreReadAsPeriods() throws {
        let text = """
        council,id,name,priority,frequency,good,r3,r2,r1,latest,target
        A,X1,"Children, in care",Children,Quarter,high,1,2,3,4,5
        A,X2,Adults,Adults,Quarter,Low,4,3,,2,1

        """
        let path = Scratch.url("roles", suffix: ".csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { unlink(path) }
        let workspace = Workspace()
        workspace.add(try Loader.load(path: path, name: "national").table)
        let r = try workspace.engine.run("from national select council, id, name, latest, previous, variance, status, trend")
        XCTAssertEqual(r.row(0), [.text("A"), .text("X1"), .text("Children, in care"), .number(4), .number(3), .number(-20), .symbol("red"), .symbol("improving")])
        // r1 is blank: latest is not compared with r2 across the gap, so no previous and no trend.
        XCTAssertEqual(r.row(1), [.text("A"), .text("X2"), .text("Adults"), .number(2), .missing, .number(-100), .symbol("red"), .missing])
        let why = try workspace.engine.run(#"from national where id = "X2" select previous_period, comparison"#)
        XCTAssertEqual(why.row(0), [.missing, .text("r1, the period before latest, has no value")])
    }
}
