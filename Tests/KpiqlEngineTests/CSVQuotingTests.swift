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

    /// Typed columns (doubles, text codes, enum bytes, as the executor and `PGResultReader`
    /// make them) are written as their `Value`s are, and a result long enough to be written in
    /// two halves on two threads comes out whole and in order.
    func testTypedColumnsWriteAsTheirValues() {
        let strings = ["Sefton", "per 10,000", "say \"hi\"", "=SUM(A1)", "", "café"]
        let n = 20_001
        let codes: [Int32] = (0..<n).map { (i: Int) -> Int32 in Int32(i % 7) - 1 }
        let numbers: [Double] = (0..<n).map { (i: Int) -> Double in i % 11 == 0 ? .nan : Double(i) / 8 - 900.125 }
        let symbols: [UInt8] = (0..<n).map { (i: Int) -> UInt8 in i % 4 == 3 ? 255 : UInt8(i % 3) }
        let typed = ResultSet(columns: [
            .init(name: "council", type: .text, codes: codes, strings: strings),
            .init(name: "latest", type: .number, numbers: numbers),
            .init(name: "status", type: .enumeration(.status), symbols: symbols, domain: .status),
        ], rowCount: n, tableName: "t")
        let plain = ResultSet(columns: typed.columns.map { (c: ResultSet.Column) -> ResultSet.Column in ResultSet.Column(name: c.name, type: c.type, values: c.values) },
                              rowCount: n, tableName: "t")
        for f in [csv, tsv] {
            let text = f.render(typed)
            XCTAssertEqual(text, f.render(plain))
            XCTAssertEqual(text.split(separator: "\n", omittingEmptySubsequences: false).count, n + 2)
        }
        // A few rows of a large dictionary (a table's, under `limit`) are written cell by cell.
        let many = (0..<3000).map { "name \($0), \"x\"" }
        let few = ResultSet(columns: [.init(name: "name", type: .text, codes: [2999, -1, 7], strings: many)], rowCount: 3, tableName: "t")
        XCTAssertEqual(csv.render(few), "name\n\"name 2999, \"\"x\"\"\"\n\n\"name 7, \"\"x\"\"\"\n")
        XCTAssertTrue(csv.render(typed).hasPrefix("council,latest,status\n,,green\nSefton,-900,amber\n\"per 10,000\",-899.875,red\n"))
    }
}
