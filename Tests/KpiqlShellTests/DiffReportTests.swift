import Foundation
import XCTest
import KpiqlEngine
@testable import KpiqlShell
import KpiqlTestSupport
import KpiqlData
@testable import KpiqlReport
@testable import KpiqlSQL

/// `.diff` in reports: after `.diff`, `.report FILE.html` writes its sections under "Since the
/// last report"; in `--format html` they join the page the same way.
final class DiffReportTests: XCTestCase {
    static let root = ReportCommandTests.root
    var temp: URL!

    override func setUpWithError() throws {
        temp = Scratch.url("diffreport")
        try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
    }

    override func tearDown() { if let temp { try? FileManager.default.removeItem(at: temp) } }

    static let load = ".load datasets/st_helens_2024q1.csv as q1\n.load datasets/st_helens_2024q2.csv as q2\n"

    func session() throws -> (Session, () -> String) {
        let (output, captured) = Output.capturing()
        let engine = try Workspace.bundled(directory: Repo.datasets)
        let store = SavedQueryStore(userDir: temp.appendingPathComponent("queries").path, projectDir: Self.root.appendingPathComponent("queries").path)
        FileManager.default.changeCurrentDirectoryPath(Self.root.path)
        return (Session(workspace: engine, output: output, savedQueries: store), captured)
    }

    func testReportAfterDiffIsTheSinceTheLastReportSection() throws {
        let (s, captured) = try session()
        let page = temp.appendingPathComponent("since.html")
        XCTAssertTrue(s.runScript(Self.load + ".diff q1 q2\n.report \(page.path)\n", name: "t"), captured())
        let html = try String(contentsOf: page, encoding: .utf8)
        XCTAssertTrue(html.contains("<title>Since the last report: q1 → q2</title>"), html)
        XCTAssertEqual(html.components(separatedBy: "<h2 class=\"report-group\">Since the last report: q1 → q2</h2>").count, 2)
        XCTAssertTrue(html.contains("New reds: red now, green or amber in q1"))
        XCTAssertTrue(html.contains(">CYP-001<"), "CYP-001 turned red between Q1 and Q2")
        XCTAssertTrue(html.contains("Counts per priority"))
        // Both snapshots' files are named in the provenance footer.
        XCTAssertTrue(html.contains("st_helens_2024q1.csv") && html.contains("st_helens_2024q2.csv"))
    }

    func testAQueryAfterDiffIsReportedInstead() throws {
        let (s, _) = try session()
        let page = temp.appendingPathComponent("q.html")
        XCTAssertTrue(s.runScript(Self.load + ".diff q1 q2\nfrom budget where variance > 3 select line;\n.report \(page.path)\n", name: "t"))
        let html = try String(contentsOf: page, encoding: .utf8)
        XCTAssertFalse(html.contains("Since the last report"))
    }

    func testFormatHTMLGathersTheDiffUnderOneHeading() throws {
        let (s, captured) = try session()
        s.reportSections = []
        XCTAssertTrue(s.runScript(Self.load + "from budget limit 1;\n.diff q1 q2\n", name: "t"), captured())
        XCTAssertEqual(s.reportSections?.count, 9, "the budget query and the diff's eight sections")
        XCTAssertEqual(Set(s.reportSections!.dropFirst().map(\.group)), ["Since the last report: q1 → q2"])
        XCTAssertNil(s.reportSections![0].group)
    }
}
