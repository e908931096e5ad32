import XCTest
@testable import KpiqlEngine

/// The byte-level column loader must read every file exactly as the record reader does:
/// same cells, same types, same errors at the same FILE:LINE:COL.
final class CSVReaderTests: XCTestCase {
    func columns(_ text: String, threads: Int = 1) throws -> CSVTable {
        try CSVTable(name: "t.csv", bytes: ByteBuffer(Array(text.utf8)), delimiter: 0x2C, threads: threads)
    }

    func viaRecords(_ text: String) throws -> CSVTable {
        try CSVTable(name: "t.csv", records: try CSVReader.read(bytes: Array(text.utf8), name: "t.csv"))
    }

    /// Every column as strings and, where it reads as numbers, as numbers.
    func assertSame(_ a: CSVTable, _ b: CSVTable, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(a.header, b.header, file: file, line: line)
        XCTAssertEqual(a.rowCount, b.rowCount, file: file, line: line)
        for h in a.header {
            XCTAssertEqual(try a.strings(h), try b.strings(h), "column \(h)", file: file, line: line)
            let x = try? a.numbers(h), y = try? b.numbers(h)
            XCTAssertEqual(x?.map { $0.isNaN ? "·" : "\($0)" }, y?.map { $0.isNaN ? "·" : "\($0)" }, "column \(h)", file: file, line: line)
        }
        let p = a.plainTable(named: "t", source: "t.csv"), q = b.plainTable(named: "t", source: "t.csv")
        XCTAssertEqual(p.columns.map(\.type), q.columns.map(\.type), file: file, line: line)
        for (c, d) in zip(p.columns, q.columns) {
            XCTAssertEqual((0..<p.rowCount).map { c.data.value(at: $0) }, (0..<q.rowCount).map { d.data.value(at: $0) }, file: file, line: line)
        }
    }

    func testQuotingLineEndsAndTrimming() throws {
        let text = "\u{FEFF}a,b ,c,d\r\n\"x, y\",1, 2 ,\"say \"\"hi\"\"\"\r\n\"multi\nline\",-3.5e2,,\" pad \"\rz,0x10,7,\u{00A0}nbsp\u{00A0}\n"
        let t = try columns(text)
        try assertSame(t, try viaRecords(text))
        XCTAssertEqual(t.header, ["a", "b", "c", "d"])
        XCTAssertEqual(try t.strings("a"), ["x, y", "multi\nline", "z"])
        XCTAssertEqual(try t.strings("d"), ["say \"hi\"", "pad", "nbsp"])
        XCTAssertEqual(try t.numbers("b"), [1, -350, 16])
    }

    func testTypesFollowTheCells() throws {
        // b turns to text on its third row; c has "inf" (text to plainTable, a number to numbers());
        // d is all empty; e holds nan; no final newline.
        let text = "a,b,c,d,e\n1,2,3,,nan\n4,5,inf,,1\n6,seven,8,,2"
        let t = try columns(text)
        try assertSame(t, try viaRecords(text))
        XCTAssertEqual(try t.strings("b"), ["2", "5", "seven"])
        XCTAssertEqual(try t.numbers("c"), [3, .infinity, 8])
        let plain = t.plainTable(named: "t", source: "t.csv")
        XCTAssertEqual(plain.columns.map(\.type), [.number, .text, .text, .text, .number])
    }

    func testLongNumbersAndOddFormsMatchDouble() throws {
        let cells = ["0.1", "1234567890.12345", "12345678901234567890", "1e22", "1e23", "-0", "007.50", "1.", ".5", "+2", "4.9e-324", "0.30000000000000004"]
        let text = "n\n" + cells.joined(separator: "\n") + "\n"
        let t = try columns(text)
        try assertSame(t, try viaRecords(text))
        XCTAssertEqual(try t.numbers("n").map(\.bitPattern), cells.map { Double($0)!.bitPattern })
    }

    func testErrorsNameTheSamePlace() throws {
        let cases = [
            ("a,b\n1,\"open\n2,3\n", "t.csv:2:3"),
            ("a,b\n1,\"x\"y\n", "t.csv:2:6"),
            ("a,b\n1,x\"y\n", "t.csv:2:4"),
            ("a,b\n1,2\n3\n", "t.csv:3:1"),
            ("a,b\n\"q\nq\",2,3\n", "t.csv:2:1"),
        ]
        for (text, place) in cases {
            XCTAssertThrowsError(try columns(text)) { e in
                XCTAssertEqual((e as? Diagnostic)?.source?.name, place, text)
            }
            XCTAssertThrowsError(try viaRecords(text)) { e in
                XCTAssertEqual((e as? Diagnostic)?.source?.name, place, text)
            }
        }
        XCTAssertThrowsError(try columns("")) { e in XCTAssertEqual((e as? Diagnostic)?.code, "K402") }
        XCTAssertEqual(try columns("a,b\n").rowCount, 0)
    }

    func testTwoThreadsReadWhatOneReads() throws {
        // Over the 4 MB below which one thread reads alone; quoted newlines everywhere, so some
        // slice boundary is likely to fall inside a quoted field and force the re-read.
        var text = "id,name,value\n"
        for i in 0..<120_000 {
            text += "I\(i % 977),\"name \(i % 13), with\nnewline \"\"q\"\"\",\(Double(i) / 8)\n"
        }
        let one = try columns(text, threads: 1), two = try columns(text, threads: 2)
        try assertSame(one, two)
        XCTAssertEqual(two.rowCount, 120_000)
    }
}
