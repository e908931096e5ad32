import Foundation
import XCTest
import KpiqlEngine
@testable import KpiqlShell
import KpiqlTestSupport
import KpiqlData
@testable import KpiqlReport
@testable import KpiqlSQL

/// Tab completion without a terminal: what `Completer` offers for the text before the cursor,
/// and what Tab then does to the line.
final class CompleterTests: XCTestCase {
    static let root = Repo.root
    var temp = ""
    var session: Session!

    override func setUpWithError() throws {
        temp = Scratch.url("completer").path
        try FileManager.default.createDirectory(atPath: temp + "/project", withIntermediateDirectories: true)
        let engine = try Workspace.bundled(directory: Repo.datasets)
        let store = SavedQueryStore(userDir: temp + "/queries", projectDir: temp + "/project")
        session = Session(workspace: engine, output: Output.capturing().0, savedQueries: store)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: temp) }

    func complete(_ text: String) -> Completer.Completion { Completer(session: session).complete(text) }

    func testFieldNameOfCurrentTable() {
        let c = complete("select counc")
        XCTAssertEqual(c.word, "counc")
        XCTAssertEqual(c.candidates, ["council"])
        XCTAssertEqual(c.edit, Completer.Edit(delete: 5, insert: "council ", listing: []))
    }

    /// Quotes and comments are the lexer's (`Lexer.nextSegment`), not a scanner of the
    /// completer's own: a name in backticks ends at its line, as the lexer reads it, so the next
    /// line is code again (a copy of the rule once ran the name on to the end of the text and
    /// offered nothing); doubled quotes stay inside their text.
    func testQuotesAndCommentsFollowTheLexer() {
        XCTAssertEqual(complete("select `odd name\nwhere STAT").candidates, ["status"])
        XCTAssertEqual(complete(#"where name = "a ""b"" c" and STAT"#).candidates, ["status"])
        XCTAssertEqual(complete("where name = 'it''s' and stat").candidates, ["status"])
        XCTAssertEqual(complete("where status = red -- stat").candidates, [], "inside a comment nothing is offered")
    }

    func testTableNameAfterJoin() {
        XCTAssertEqual(complete("from metrics as now join bud").candidates, ["budget"])
    }

    func testFieldNamesAndKeywordsIgnoreCase() {
        XCTAssertEqual(complete("where STAT").candidates, ["status"])
        XCTAssertEqual(complete("WHE").candidates, ["WHERE"], "an upper-case word gets an upper-case keyword")
        XCTAssertTrue(complete("where status = red ord").candidates.contains("order"))
    }

    func testEnumValueAfterEquals() {
        XCTAssertEqual(complete("where status = r").candidates, ["red"])
        XCTAssertEqual(complete("where status = R").edit?.insert, "red ")
        XCTAssertEqual(complete("where status != ").candidates, ["green", "amber", "red"])
        XCTAssertEqual(complete("where trend = w").candidates, ["worsening"])
    }

    func testTextValueIsQuoted() {
        let c = complete("where priority = \"Chi")
        XCTAssertEqual(c.candidates, ["\"Children\""])
        XCTAssertEqual(c.edit?.delete, 4)
        XCTAssertEqual(c.edit?.insert, "\"Children\" ")
        // Without the opening quote the value still matches, and the quote is added.
        XCTAssertEqual(complete("where priority = chi").edit?.insert, "\"Children\" ")
        XCTAssertEqual(complete("where council = 'St").candidates, ["'St Helens'"])
    }

    /// Tab never leaves a quote open that was not typed, and adds one space, not two.
    func testQuotedValueClosesItsQuoteAndAddsOneSpace() {
        let shared = complete("where council = S")
        XCTAssertEqual(shared.candidates, ["\"Sefton\"", "\"St Helens\""])
        XCTAssertEqual(shared.edit, Completer.Edit(delete: 0, insert: "", listing: ["\"Sefton\"", "\"St Helens\""]), "no lone opening quote")
        let typedQuote = complete("where council = \"S")
        XCTAssertEqual(typedQuote.edit?.insert ?? "", "", "the user's own quote is left for them to go on typing")
        XCTAssertEqual(complete("where council = St").edit?.insert, "\"St Helens\" ")
        XCTAssertEqual(complete("where status = re").edit(spaceFollows: true)?.insert, "red", "a space already follows the cursor")
        XCTAssertEqual(complete("where council = \"St").edit(spaceFollows: true)?.insert, "\"St Helens\"")
    }

    func testValuesInsideIn() {
        XCTAssertEqual(complete("where status in (r").candidates, ["red"])
        XCTAssertEqual(complete("where status in (red, a").candidates, ["amber"])
        XCTAssertEqual(complete("where council not in (\"Sefton\", \"St").candidates, ["\"St Helens\""])
        XCTAssertEqual(complete("select count(s").candidates.contains("status"), true, "a function's ( is not a list of values")
    }

    func testTableAfterFrom() {
        XCTAssertEqual(complete("from bu").candidates, ["budget"])
        XCTAssertEqual(complete("from ").candidates, session.engine.catalog.tableNames)
    }

    func testFieldsOfTheTableNamedAfterFrom() {
        XCTAssertEqual(complete("from budget select fore").candidates, ["forecast"])
        XCTAssertEqual(complete("from budget where kind = ").candidates.isEmpty, false)
        XCTAssertFalse(complete("from budget select coun").candidates.contains("council"))
        // Earlier lines of a multi-line statement count too.
        XCTAssertEqual(complete("from capital\nselect budget_2025").candidates, ["budget_2025_26"])
    }

    func testDotCommandNames() {
        XCTAssertEqual(complete(".mo").candidates, [".mode"])
        XCTAssertEqual(complete(".mo").edit?.insert, ".mode ")
        let all = complete(".").candidates
        XCTAssertEqual(all, DotCommands.all.map { "." + $0.name })
        let q = complete(".q").candidates
        XCTAssertEqual(Set(q), [".quit", ".queries"])
        XCTAssertEqual(complete(".q").edit?.insert, ".qu", "the common start is inserted")
        XCTAssertEqual(complete(".q").edit?.listing.count, 2)
    }

    func testDotCommandArguments() {
        XCTAssertEqual(complete(".mode c").candidates, ["csv"])
        XCTAssertEqual(complete(".mode ").candidates, OutputFormat.allCases.map(\.rawValue))
        XCTAssertEqual(complete(".timer o").candidates, ["on", "off"])
        XCTAssertEqual(complete(".set tol").candidates, ["tolerance"])
        XCTAssertEqual(complete(".use c").candidates, ["capital"])
        XCTAssertEqual(complete(".help ti").candidates, ["timer"])
        XCTAssertEqual(complete(".mo js").candidates, ["json", "jsonl"], "a command prefix still completes its argument")
        XCTAssertEqual(complete(".edit ").candidates, [])
    }

    func testSavedQueryNames() throws {
        _ = try session.savedQueries.save(name: "red_items", description: "", query: "where priority = $priority and status = red",
                                      defaults: ["priority": "Adults"], overwrite: false)
        _ = try session.savedQueries.save(name: "red_budget", description: "", query: "from budget", defaults: [:], overwrite: false)
        XCTAssertEqual(complete(".run red_i").candidates, ["red_items"])
        XCTAssertEqual(Set(complete(".show red").candidates), ["red_items", "red_budget"])
        XCTAssertEqual(complete(".drop red_b").candidates, ["red_budget"])
        XCTAssertEqual(complete(".run red_items pri").edit?.insert, "priority=", "no space after a parameter's =")
    }

    func testFilePaths() throws {
        let dir = temp + "/files"
        try FileManager.default.createDirectory(atPath: dir + "/sub folder", withIntermediateDirectories: true)
        XCTAssertTrue(FileManager.default.createFile(atPath: dir + "/report.kpiql", contents: Data()))
        XCTAssertTrue(FileManager.default.createFile(atPath: dir + "/results.csv", contents: Data()))
        XCTAssertEqual(complete(".read \(dir)/rep").candidates, ["\(dir)/report.kpiql"])
        let both = complete(".output \(dir)/re")
        XCTAssertEqual(both.edit?.listing, ["report.kpiql", "results.csv"], "listed by name, not whole path")
        XCTAssertEqual(complete(".once \(dir)/su").edit?.insert, "\"\(dir)/sub folder/", "a folder ends in / and a space is quoted")
    }

    func testNothingToOffer() {
        XCTAssertNil(complete("where status = \"red\"").edit, "a finished string")
        XCTAssertNil(complete("where status = red -- comm").edit, "inside a comment")
        XCTAssertNil(complete("where latest = 1").edit, "a number field has no values")
    }

    func testColumnsListing() {
        let text = Completer.columns(["green", "amber", "red"], width: 80)
        XCTAssertEqual(text, "green  amber  red\n")
        let narrow = Completer.columns(["green", "amber", "red"], width: 10)
        XCTAssertEqual(narrow, "green\namber\nred\n")
        XCTAssertTrue(Completer.columns((1...300).map { "v\($0)" }, width: 80).hasSuffix("… and 100 more\n"))
    }

    func testCommonPrefix() {
        XCTAssertEqual(Completer.commonPrefix(["status", "starts"]), "sta")
        XCTAssertEqual(Completer.commonPrefix(["Red", "rest"]), "Re")
        XCTAssertEqual(Completer.commonPrefix([]), "")
    }
}
