import Foundation
import XCTest
@testable import KpiqlEngine
@testable import KpiqlData
@testable import KpiqlReport
@testable import KpiqlBench
@testable import KpiqlFuzzing
@testable import KpiqlShell

/// The one loading pipeline reads cells exactly as the record reader splits them, on one
/// thread or several, and reports a malformed file at the FILE:LINE:COL the record reader names.
final class ColumnScanTests: XCTestCase {
    func read(_ text: String, threads: Int = 1) throws -> LoadedFile {
        try read(Array(text.utf8), threads: threads)
    }

    func read(_ bytes: [UInt8], threads: Int = 1) throws -> LoadedFile {
        try LoadedFile.read(try SourceBytes.mapped(ByteBuffer(bytes), path: "t.csv"), threads: threads)
    }

    /// Every column's cells as the table shows them.
    func cells(_ f: LoadedFile) -> [[Value]] {
        f.columns.map { c in (0..<f.rowCount).map { c.value(at: $0) } }
    }

    func testQuotingLineEndsAndTrimming() throws {
        let text = "\u{FEFF}a,b ,c,d\r\n\"x, y\",1, 2 ,\"say \"\"hi\"\"\"\r\n\"multi\nline\",-3.5e2,,\" pad \"\rz,1e1,7,\u{00A0}nbsp\u{00A0}\n"
        let f = try read(text)
        XCTAssertEqual(f.headers, ["a", "b", "c", "d"])
        XCTAssertEqual(f.kinds, [.text, .number, .number, .text])
        XCTAssertEqual(cells(f)[0], [.text("x, y"), .text("multi\nline"), .text("z")])
        XCTAssertEqual(cells(f)[1], [.number(1), .number(-350), .number(10)])
        XCTAssertEqual(cells(f)[3], [.text("say \"hi\""), .text("pad"), .text("nbsp")])
    }

    func testTypesFollowTheCells() throws {
        // b turns to text on its third row (its earlier cells are read again as written); c has
        // "inf" and e "nan", which no council writes for a number; d is all empty; f has
        // council formats and a placeholder; no final newline.
        let text = "a,b,c,d,e,f\n1,2.50,3,,nan,\"1,234\"\n4,5,inf,,1,(3.2)\n6,seven,8,,2,n/a"
        let f = try read(text)
        XCTAssertEqual(f.kinds, [.number, .text, .text, .text, .text, .number])
        XCTAssertEqual(cells(f)[1], [.text("2.50"), .text("5"), .text("seven")])
        XCTAssertEqual(cells(f)[5].map { $0 == .missing ? "·" : "\($0)" }, ["\(Value.number(1234))", "\(Value.number(-3.2))", "·"])
        XCTAssertEqual(f.profiles[5].bracketed, 1)
        XCTAssertEqual(f.profiles[5].missing.total, 1)
        XCTAssertTrue(f.profiles[3].isEmpty)
    }

    func testLongNumbersAndOddFormsMatchDouble() throws {
        let cells = ["0.1", "1234567890.12345", "12345678901234567890", "1e22", "1e23", "-0", "007.50", "1.", ".5", "+2", "4.9e-324", "0.30000000000000004"]
        let f = try read("n\n" + cells.joined(separator: "\n") + "\n")
        guard case .number(let v) = f.columns[0] else { return XCTFail("not numbers") }
        XCTAssertEqual(v.map(\.bitPattern), cells.map { Double($0)!.bitPattern })
    }

    func testErrorsNameTheRecordReadersPlace() throws {
        let cases = [
            ("a,b\n1,\"open\n2,3\n", 2, 3),
            ("a,b\n1,\"x\"y\n", 2, 6),
            ("a,b\n1,x\"y\n", 2, 4),
            ("a,b\n1,2\n3\n", 3, 2),
            ("a,b\n\"q\nq\",2,3\n", 3, 6),
        ]
        for (text, line, column) in cases {
            XCTAssertThrowsError(try read(text), text) { e in
                let d = e as! Diagnostic
                XCTAssertEqual(d.source?.firstLine, line, "\(text): \(d.message)")
                XCTAssertEqual(d.source.map { $0.location(of: d.span!.start).column }, column, "\(text): \(d.message)")
            }
        }
        XCTAssertThrowsError(try read("a,b\n")) { e in XCTAssertTrue((e as! Diagnostic).message.contains("header"), (e as! Diagnostic).message) }
    }

    func testErrorLinesAreLinesOfTheFile() throws {
        var text = "a,b\n"
        for i in 0..<50 { text += "\(i),x\n" }
        text += "51,\"open\n52,y\n"
        XCTAssertThrowsError(try read(text)) { error in
            let d = error as! Diagnostic
            XCTAssertEqual(d.source?.firstLine, 52)
            XCTAssertEqual(d.source.map { $0.location(of: d.span!.start).column }, 4)
        }
    }

    func testTwoThreadsReadWhatOneReads() throws {
        // Over the 4 MB below which one thread reads alone; quoted newlines everywhere, so some
        // slice boundary is likely to fall inside a quoted field and force the re-read; a
        // column that turns to text in the second half only; blank rows and a pasted header.
        var text = "id,name,value,late\n"
        for i in 0..<120_000 {
            text += "I\(i % 977),\"name \(i % 13), with\nnewline \"\"q\"\"\",\(Double(i) / 8),\(i > 100_000 ? "word" : "\(i)")\n"
            if i % 40_000 == 7 { text += ",,,\nid,name,value,late\n" }
        }
        let one = try read(text, threads: 1), two = try read(text, threads: 2)
        XCTAssertEqual(one.rowCount, 120_000)
        XCTAssertEqual(two.rowCount, 120_000)
        XCTAssertEqual(one.kinds, two.kinds)
        XCTAssertEqual(one.kinds[3], .text)
        XCTAssertEqual(cells(one), cells(two))
        XCTAssertEqual(one.notes, two.notes)
        XCTAssertEqual(one.notes.count, 2, "\(one.notes)")
    }

    func testWindows1252IsDecidedOnce() throws {
        let decoder = TextDecoder(path: "t.csv")
        let ascii = Array("plain ascii\n".utf8)
        XCTAssertNil(try ascii.withUnsafeBufferPointer { try decoder.decide($0) }.1)
        let excel: [UInt8] = Array("a\n".utf8) + [0xA3, 0x35, 0x20, 0x96, 0x20, 0x93, 0x61, 0x94, 0x0A]
        let (encoding, out) = try excel.withUnsafeBufferPointer { try decoder.decide($0) }
        XCTAssertEqual(encoding, .windows1252)
        XCTAssertEqual(String(decoding: out!, as: UTF8.self), "a\n£5 – “a”\n")
        XCTAssertThrowsError(try [0x61, 0x81, 0x0A].withUnsafeBufferPointer { try decoder.decide($0) })   // undefined in Windows-1252
        XCTAssertThrowsError(try (Array("é\n".utf8) + [0xA3]).withUnsafeBufferPointer { try decoder.decide($0) })   // both encodings
    }

    func testTheEncodingIsDecidedFromWhatTheParserSaw() throws {
        // Excel's Windows-1252 on the last line of a file read on two threads: seen, decided,
        // transcoded and read again.
        var ascii = "id,name,value\n"
        for i in 0..<200_000 { ascii += "I\(i),plain name,\(i)\n" }
        let excel = Array(ascii.utf8) + Array("Z,".utf8) + [0xA3, 0x35] + Array(",1\n".utf8)
        let f = try read(excel, threads: 2)
        XCTAssertEqual(f.encoding, .windows1252)
        XCTAssertEqual(f.columns[1].value(at: f.rowCount - 1), .text("£5"))
        XCTAssertEqual(try read(ascii, threads: 2).encoding, .utf8)
        // A NUL byte deep in a file that otherwise parses is still refused, with its line.
        var binary = Array(ascii.utf8)
        binary[binary.count - 3] = 0
        XCTAssertThrowsError(try read(binary, threads: 2)) { e in
            XCTAssertEqual((e as? Diagnostic)?.source?.name.hasPrefix("t.csv:200001:"), true, (e as? Diagnostic)?.source?.name ?? "")
        }
    }
}
