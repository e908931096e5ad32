import Foundation
import XCTest
import KpiqlEngine
@testable import KpiqlShell
import KpiqlTestSupport
import KpiqlData
@testable import KpiqlReport
@testable import KpiqlSQL

/// `.report` in a session and `--format html` in the real binary: what is written where,
/// which parameters a saved query runs with, and what happens on an error.
final class ReportCommandTests: XCTestCase {
    static let root = Repo.root
    static let binary = root.appendingPathComponent(".build/debug/kpiql").path
    var temp: URL!

    override func setUpWithError() throws {
        temp = Scratch.url("reportcmd")
        try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
    }

    override func tearDown() { if let temp { try? FileManager.default.removeItem(at: temp) } }

    func session() throws -> (Session, () -> String) {
        let (output, captured) = Output.capturing()
        let engine = try Workspace.bundled(directory: Repo.datasets)
        let store = SavedQueryStore(userDir: temp.appendingPathComponent("queries").path, projectDir: Self.root.appendingPathComponent("queries").path)
        return (Session(workspace: engine, output: output, savedQueries: store), captured)
    }

    func title(_ path: URL) throws -> String {
        let html = try String(contentsOf: path, encoding: .utf8)
        return String(html.components(separatedBy: "<title>")[1].components(separatedBy: "</title>")[0])
    }

    func testLastQueryIsRerunAndLeftAsTheLastQuery() throws {
        let (s, captured) = try session()
        let page = temp.appendingPathComponent("budget.html")
        XCTAssertTrue(s.runScript("from budget where variance > 3 select line;\n.report \(page.path)\n", name: "t"))
        XCTAssertTrue(captured().hasSuffix("wrote \(page.path): 3 rows\n"), captured())
        XCTAssertEqual(try title(page), "Budget lines where variance is above 3")
        XCTAssertEqual(s.lastQuery, "from budget where variance > 3 select line")
    }

    func testSavedQueryParametersDefaultsThenSessionThenArguments() throws {
        let (s, _) = try session()
        let a = temp.appendingPathComponent("a.html"), b = temp.appendingPathComponent("b.html"), c = temp.appendingPathComponent("c.html")
        XCTAssertTrue(s.runScript(".report \(a.path) children_red\n.param priority=Health\n.report \(b.path) children_red\n"
                                  + ".report \(c.path) children_red priority=Adults\n", name: "t"))
        XCTAssertEqual(try title(a), "Children&#39;s indicators rated red, largest adverse variance first")
        XCTAssertEqual(try title(b), "Health indicators rated red, largest adverse variance first")
        XCTAssertEqual(try title(c), "Adults&#39; indicators rated red, largest adverse variance first")
        let footer = try String(contentsOf: c, encoding: .utf8)
        XCTAssertTrue(footer.contains("Parameters: <code>$priority = Adults</code>"))
        XCTAssertTrue(footer.contains("<p class=\"origin\">From saved query children_red (children_red.kpiql).</p>"))
        XCTAssertEqual(s.parameters, ["priority": "Health"], ".report does not change the session's parameters")
    }

    /// A note the engine makes about a result (here a group that spells an area another way,
    /// so the area has no rank) is on the page, not only on the terminal.
    func testResultNotesAreInTheReport() throws {
        let (s, _) = try session()
        let page = temp.appendingPathComponent("families.html")
        let script = ".load \(Repo.path("datasets/published_ranks_lgbf_chn12b.csv")) as lgbf\n"
            + ".group families \(Repo.path("Tests/fixtures/groups/scotland_family_groups.csv"))\n"
            + "from lgbf where family_group = 1 select area, latest, rank(latest, families) as rank;\n.report \(page.path)\n"
        XCTAssertTrue(s.runScript(script, name: "t"))
        let html = try String(contentsOf: page, encoding: .utf8)
        XCTAssertTrue(html.contains("<p class=\"result-note\"><strong>Note.</strong> group families names &#39;Edinburgh, City of&#39;, which is no area of lgbf"), html)
    }

    func testReplacesAnExistingReport() throws {
        let (s, _) = try session()
        let page = temp.appendingPathComponent("r.html")
        try "old".write(to: page, atomically: true, encoding: .utf8)
        XCTAssertTrue(s.runScript("limit 2;\n.report \(page.path)\n", name: "t"))
        XCTAssertEqual(try title(page), "All indicators, first 2 only")
    }

    /// A folder that does not exist is an error (exit 4) and nothing is created.
    func testMissingFolderIsAnErrorNotANewFolder() throws {
        let (s, captured) = try session()
        let page = temp.appendingPathComponent("nodir/x.html")
        XCTAssertFalse(s.runScript("where id = \"C15\" select id;\n.report \(page.path)\n", name: "t"))
        XCTAssertTrue(captured().contains("error: folder '\(temp.appendingPathComponent("nodir").path)' does not exist"), captured())
        XCTAssertFalse(FileManager.default.fileExists(atPath: temp.appendingPathComponent("nodir").path), "no folder made")
        XCTAssertEqual(s.exitStatus, 4)
    }

    /// `.once out.csv` writes CSV whatever the mode, and says so; `.once out.txt` keeps the mode.
    func testOnceTakesTheFormatFromTheExtension() throws {
        let (s, captured) = try session()
        let csv = temp.appendingPathComponent("out.csv"), txt = temp.appendingPathComponent("out.txt")
        XCTAssertTrue(s.runScript(".once \(csv.path)\nwhere id = \"C15\" select id, latest;\n.once \(txt.path)\nwhere id = \"C15\" select id;\n", name: "t"))
        XCTAssertEqual(try String(contentsOf: csv, encoding: .utf8), "id,latest\nC15,1\n")
        XCTAssertTrue(captured().contains("writing csv to \(csv.path) (from its extension; the mode stays table)"), captured())
        XCTAssertTrue(try String(contentsOf: txt, encoding: .utf8).contains("│ C15 │"), "no format in the name: the mode")
        XCTAssertEqual(s.format.format, .table)
    }

    // MARK: the binary

    func kpiql(_ args: [String]) throws -> ProcessRunner.Result {
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else { throw XCTSkip("build kpiql first (swift build)") }
        return try ProcessRunner.run(Self.binary, args, environment: ["NO_COLOR": "1", "KPIQL_HOME": temp.path],
                                     directory: Self.root, timeout: 60)
    }

    func testFormatHTMLWritesOnePageOfEveryQuery() throws {
        let r = try kpiql(["-f", "queries/children_red.kpiql", "-c", ".tables", "-c", "from budget where variance > 3", "--format", "html"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.hasPrefix("<!DOCTYPE html>\n"))
        XCTAssertTrue(r.out.hasSuffix("</html>\n"))
        XCTAssertEqual(r.out.components(separatedBy: "<!DOCTYPE").count, 2, "one document")
        XCTAssertTrue(r.out.contains("<title>Performance report: 2 queries</title>"))
        XCTAssertTrue(r.out.contains("Parameters: <code>$priority = Children</code>"), "the saved query's default")
        XCTAssertTrue(r.err.contains("│ metrics * │"), "listings go to stderr, so stdout stays one page")
    }

    func testFormatHTMLWritesNothingWhenAStatementFails() throws {
        let r = try kpiql(["-c", "limit 1", "-c", "where statuss = red", "--format", "html"])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.out, "")
        XCTAssertTrue(r.err.contains("error: unknown field 'statuss'"), r.err)
        XCTAssertTrue(r.err.hasSuffix("no HTML report written: 1 statement failed (see above)\n"), r.err)
    }

    func testFormatHTMLWithoutAQueryIsAUsageError() throws {
        let r = try kpiql(["-c", ".mode csv", "--format", "html"])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.out, "")
        XCTAssertTrue(r.err.hasPrefix("error: --format html found no query to report\n"), r.err)
    }

    /// `.report x.html`, a bare name as the README shows it, writes into the current folder.
    func testBareFileNameWritesInTheCurrentFolder() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else { throw XCTSkip("build kpiql first (swift build)") }
        let r = try ProcessRunner.run(Self.binary, ["--datasets", Repo.datasets,
                                                    "-c", #"where id = "C15" select id"#, "-c", ".report x.html"],
                                      environment: ["NO_COLOR": "1", "KPIQL_HOME": temp.path], directory: temp, timeout: 60)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.err.contains("wrote x.html: 1 row"), r.err)
        XCTAssertTrue(FileManager.default.fileExists(atPath: temp.appendingPathComponent("x.html").path))
    }
}
