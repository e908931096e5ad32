import XCTest
@testable import KpiqlEngine

/// CSV and TSV cells are quoted or cleaned byte by byte (`CSVFormatter.append`): every
/// character that needs it is caught, wherever it sits, next to multi-byte text too, and a
/// cell that needs nothing comes out as it went in.
final class CSVQuotingTests: XCTestCase {
    let csv = CSVFormatter(delimiter: ",", raw: false)
    let tsv = CSVFormatter(delimiter: "\t", raw: false)

    func testCSVQuotesDelimiterQuoteAndLineBreaks() {
        XCTAssertEqual(csv.field("plain £000s café", isText: true), "plain £000s café")
        XCTAssertEqual(csv.field("per 10,000", isText: true), "\"per 10,000\"")
        XCTAssertEqual(csv.field("é,ü", isText: true), "\"é,ü\"")
        XCTAssertEqual(csv.field("say \"hi\"", isText: true), "\"say \"\"hi\"\"\"")
        XCTAssertEqual(csv.field("two\nlines", isText: true), "\"two\nlines\"")
        // "\r\n" is one Character in Swift: a search by Character for "\n" misses it.
        XCTAssertEqual(csv.field("two\r\nlines", isText: true), "\"two\r\nlines\"")
        XCTAssertEqual(csv.field("cr\r", isText: true), "\"cr\r\"")
        XCTAssertEqual(csv.field("", isText: true), "")
    }

    func testFormulaGuardComesBeforeQuoting() {
        XCTAssertEqual(csv.field("=SUM(A1,A2)", isText: true), "\"'=SUM(A1,A2)\"")
        XCTAssertEqual(csv.field("-2", isText: true), "'-2")
        XCTAssertEqual(CSVFormatter(delimiter: ",", raw: true).field("=1", isText: true), "=1")
        // A non-ASCII first character is never a formula.
        XCTAssertEqual(csv.field("−2", isText: true), "−2")
    }

    func testTSVTurnsTabsAndLineBreaksIntoSpaces() {
        XCTAssertEqual(tsv.field("a\tb\nc\r\nd", isText: true), "a b c  d")
        XCTAssertEqual(tsv.field("per 10,000 \"x\"", isText: true), "per 10,000 \"x\"")
    }

    func testRenderJoinsCellsAndRows() {
        let r = ResultSet(columns: [
            .init(name: "name", type: .text, values: [.text("a,b"), .missing]),
            .init(name: "n", type: .number, values: [.number(1.5), .number(2)]),
            .init(name: "ok", type: .bool, values: [.bool(true), .missing]),
        ], rowCount: 2, tableName: "t")
        XCTAssertEqual(csv.render(r), "name,n,ok\n\"a,b\",1.5,true\n,2,\n")
        XCTAssertEqual(tsv.render(r), "name\tn\tok\na,b\t1.5\ttrue\n\t2\t\n")
    }
}
