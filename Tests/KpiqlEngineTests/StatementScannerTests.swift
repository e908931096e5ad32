import XCTest
@testable import KpiqlEngine
@testable import KpiqlData
@testable import KpiqlReport
@testable import KpiqlBench
@testable import KpiqlFuzzing
@testable import KpiqlShell

/// The one statement scanner (`Lexer.nextSegment`) as the splitter and the REPL use it: the
/// quote and comment rules are the lexer's, so `;`, `--` and quotes inside one another agree.
final class StatementScannerTests: XCTestCase {
    func kinds(_ text: String) -> [String] {
        var lexer = Lexer(text)
        var out: [String] = []
        while let s = lexer.nextSegment() {
            let body = String(decoding: lexer.text[s.range], as: UTF8.self)
            out.append("\(s.kind)\(s.closed ? "" : "!"):\(body)")
        }
        return out
    }

    func testSegmentsFollowTheLexersRules() {
        XCTAssertEqual(kinds("a = 'x -- y' -- note\nb"), ["code:a = ", "quoted:'x -- y'", "code: ", "comment:-- note", "code:\nb"])
        XCTAssertEqual(kinds("\"say \"\"hi\"\"\";"), ["quoted:\"say \"\"hi\"\"\"", "code:;"])
        XCTAssertEqual(kinds("`odd\nname` x"), ["quoted!:`odd", "code:\nname", "quoted!:` x"], "a backtick name ends at the line's end, as in the lexer")
        XCTAssertEqual(kinds("'open"), ["quoted!:'open"])
    }

    func testSplitRespectsQuotesCommentsAndDotCommands() {
        let parts = StatementSplitter.split("-- head\nwhere name = 'a;b'; -- x; y\n.mode csv\n\"c;\" ;;\n")
        XCTAssertEqual(parts.map(\.text), ["where name = 'a;b'", ".mode csv", "\"c;\" "])
        XCTAssertEqual(parts.map(\.kind), [.query, .dot, .query])
        XCTAssertEqual(parts[0].offset, 8)
        // A dot command ends at its line even with an unclosed quote in it.
        XCTAssertEqual(StatementSplitter.split(".param x=\"a\nlimit 1;").map(\.text), [".param x=\"a", "limit 1"])
    }

    func testDoubledQuoteDoesNotEndTheText() {
        XCTAssertEqual(StatementSplitter.split("where name = 'it''s; fine'; limit 1").map(\.text), ["where name = 'it''s; fine'", "limit 1"])
    }

    func testCompleteness() {
        XCTAssertTrue(StatementSplitter.isComplete("where status = red"))
        XCTAssertFalse(StatementSplitter.isComplete("where status = red and"))
        XCTAssertFalse(StatementSplitter.isComplete("where name = 'open"))
        XCTAssertTrue(StatementSplitter.isComplete("where name = 'and'"))
        XCTAssertFalse(StatementSplitter.isComplete("select abs(latest -- ) in a comment"))
        XCTAssertTrue(StatementSplitter.isComplete("where status = red -- and"))
        XCTAssertFalse(StatementSplitter.isComplete("where status = red and -- more below"))
    }
}
