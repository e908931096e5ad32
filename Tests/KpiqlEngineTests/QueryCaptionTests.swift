import XCTest
@testable import KpiqlEngine
@testable import KpiqlData
@testable import KpiqlReport
@testable import KpiqlBench
@testable import KpiqlFuzzing
@testable import KpiqlShell

/// Plain-English captions of queries, as report titles show them.
final class QueryCaptionTests: XCTestCase {
    func caption(_ q: String, _ params: [String: String] = [:]) -> String {
        QueryCaption.make(try! Parser.parse(q), source: SourceFile(name: "query", text: q), parameters: params)
    }

    func testChildrenRed() {
        XCTAssertEqual(caption(#"where priority = "Children" and status = red order by variance"#),
                       "Children's indicators rated red, largest adverse variance first")
    }

    func testClauseOrderAndCaseDoNotMatter() {
        XCTAssertEqual(caption("ORDER BY variance WHERE status = red AND priority = Children"),
                       "Children's indicators rated red, largest adverse variance first")
    }

    func testParametersShowTheirValues() {
        XCTAssertEqual(caption("where priority = $priority and status = red order by variance", ["priority": "Adults"]),
                       "Adults' indicators rated red, largest adverse variance first")
        XCTAssertEqual(caption("where priority = $priority"), "$priority indicators")
    }

    func testCouncilPriorityAndSeveralConditions() {
        XCTAssertEqual(caption(#"where council = "St Helens" and status in (red, amber) and trend = worsening order by status desc, variance"#),
                       "St Helens' indicators rated red or amber and worsening, red first, then largest adverse variance first")
        XCTAssertEqual(caption(#"where council = "Sefton" and priority = "Health" and status != green"#),
                       "Sefton's Health indicators not rated green")
    }

    func testQuartileAndGood() {
        XCTAssertEqual(caption("where quartile = 4 and good = high order by priority_no, id"),
                       "Indicators in the bottom quartile of their comparator group where higher is better, ordered by priority_no, then id")
    }

    func testPlainTablesAndGenericComparisons() {
        XCTAssertEqual(caption("from budget where kind = service and variance > 0 order by variance desc select line"),
                       "Budget lines where kind is service and variance is above 0, ordered by variance descending")
        XCTAssertEqual(caption(#"where name contains "foster" and latest between 1 and 10 and target is missing limit 5"#),
                       "Indicators with no target where name contains “foster” and latest is between 1 and 10, first 5 only")
    }

    func testAnythingElseIsQuotedAsWritten() {
        let q = """
        where council = "Sefton"
          and ((good = high and r2 < r3) or (good = low and r2 > r3))
        order by priority_no
        """
        XCTAssertEqual(caption(q), "Sefton's indicators where ((good = high and r2 < r3) or (good = low and r2 > r3)), ordered by priority_no")
        XCTAssertEqual(caption("where status = red or trend = worsening"), "Indicators where (status = red or trend = worsening)")
        XCTAssertEqual(caption("where latest - target > 3"), "Indicators where latest - target > 3")
    }

    func testGroupedAndUnfiltered() {
        XCTAssertEqual(caption(#"where council = "St Helens" group by priority_no, priority_title with totals select priority_no, count() as n order by priority_no"#),
                       "St Helens' indicators grouped by priority_no and priority_title with totals, ordered by priority_no")
        XCTAssertEqual(caption("limit 3"), "All indicators, first 3 only")
    }

    /// The caption reads the parsed query, whose spans point into the whole script: a statement
    /// after others is worded from its own text, not the script's first bytes.
    func testStatementInTheMiddleOfAScript() {
        let script = "limit 1;\nwhere kind = \"service\"\n  group by   line"
        let statement = String(script.dropFirst(9))
        let query = try! Parser.parse(statement, base: 9)
        XCTAssertEqual(QueryCaption.make(query, source: SourceFile(name: "script", text: script), defaultTable: "budget"),
                       "Budget lines where kind is service grouped by line")
    }
}
