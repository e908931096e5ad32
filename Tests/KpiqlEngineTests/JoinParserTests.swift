import XCTest
@testable import KpiqlEngine
@testable import KpiqlData
@testable import KpiqlReport
@testable import KpiqlBench
@testable import KpiqlFuzzing
@testable import KpiqlShell

/// The parts of joins a golden file cannot see: the parsed clauses and their spans, and that
/// the printer writes joins, aliases, `having` and `in group` back in a form that parses the same.
final class JoinParserTests: XCTestCase {
    func testJoinClausesKeysAndAliases() throws {
        let q = try Parser.parse("from metrics as now left join q1 as was on id and council join budget on line where was.status = red")
        XCTAssertEqual(q.from?.text, "metrics")
        XCTAssertEqual(q.fromAlias?.text, "now")
        XCTAssertEqual(q.joins.map(\.kind), [.left, .inner])
        XCTAssertEqual(q.joins.map(\.name.text), ["was", "budget"])
        XCTAssertEqual(q.joins[0].keys.map(\.text), ["id", "council"])
        XCTAssertEqual(q.joins[0].span, SourceSpan(20, 57), "from 'left' to the last key")
        guard case .binary(.eq, let lhs, _) = q.filter?.kind, case .name("was.status") = lhs.kind else { return XCTFail("\(String(describing: q.filter))") }
        XCTAssertEqual(lhs.span, SourceSpan(84, 94), "a qualified name is one token")
    }

    func testPrintedQueriesParseToTheSameTree() throws {
        for text in [
            "from metrics as now left join q1 as was on id and council where now.status = red and was.status in (green, amber) select id, now.name as name",
            "group by priority having count() > 3 and n between 1 and 9 select priority, count() as n",
            "where council not in group merseyside and area in group `my group` select count()",
            "from metrics as m where m.status = red",
        ] {
            let once = QueryPrinter.format(try Parser.parse(text))
            XCTAssertEqual(QueryPrinter.format(try Parser.parse(once)), once, text)
            XCTAssertEqual(strip(try Parser.parse(once)), strip(try Parser.parse(text)), text)
        }
    }

    /// The tree without spans, which printing changes.
    func strip(_ q: Query) -> String { QueryPrinter.format(q).lowercased() }

    func testAJoinLineEndingInAJoinWordContinues() {
        for open in ["from metrics as now join", "from metrics left", "from metrics join q1 on", "group by priority having"] {
            XCTAssertFalse(StatementSplitter.isComplete(open), open)
        }
        XCTAssertTrue(StatementSplitter.isComplete("from metrics join q1 on id"))
    }

    func testJoinWithoutOnSaysWhatToWrite() {
        XCTAssertThrowsError(try Parser.parse("from metrics join q1 where x = 1")) { e in
            let d = e as! Diagnostic
            XCTAssertEqual(d.code, "K107")
            XCTAssertEqual(d.hints, ["write the key fields both tables hold: join q1 on id and council"])
        }
    }

    func testJoinKeysAreNotExpressions() {
        XCTAssertThrowsError(try Parser.parse("from metrics join q1 on id = id")) { e in
            // SQL's `on a = b` is answered with the key named once.
            XCTAssertEqual((e as! Diagnostic).code, "K131")
            XCTAssertEqual((e as! Diagnostic).message, "a join key is a field both tables hold, named once: on id")
        }
    }
}
