import Foundation
import XCTest
@testable import KpiqlEngine
import KpiqlTestSupport
@testable import KpiqlData
@testable import KpiqlReport
@testable import KpiqlBench
@testable import KpiqlFuzzing
@testable import KpiqlShell

/// Hostile CSV files get a clear error with their place, never a crash or unbounded memory:
/// a field past the field limit (a "1 GB field" is refused the same way, before it is held),
/// a million columns, and a quote that is never closed in a file that streams.
final class CSVBoundsTests: XCTestCase {
    func temp(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = Scratch.url("bounds", suffix: "-\(name)").path
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    func testOversizedFieldIsRefusedWithItsPlace() throws {
        let big = [UInt8](repeating: 0x61, count: CSVReader.maxFieldBytes + 1)
        let bytes = Array("id,name\nC1,".utf8) + big + Array("\n".utf8)
        XCTAssertThrowsError(try CSVReader.read(bytes: bytes, name: "big.csv")) { e in
            let d = e as! Diagnostic
            XCTAssertEqual(d.source?.name, "big.csv:2:4")
            XCTAssertTrue(d.message.contains("longer than 16 MB"), d.message)
        }
        let path = try temp("big.csv", bytes)
        defer { unlink(path) }
        XCTAssertThrowsError(try Loader.load(path: path, name: "big")) { e in
            XCTAssertTrue((e as! Diagnostic).message.contains("longer than"), (e as! Diagnostic).message)
        }
    }

    func testAMillionColumnsIsRefused() throws {
        let header = (0..<1_000_000).map { "c\($0)" }.joined(separator: ",") + "\n"
        XCTAssertThrowsError(try CSVReader.read(bytes: Array(header.utf8), name: "wide.csv")) { e in
            let d = e as! Diagnostic
            XCTAssertTrue(d.message.contains("more than 16384 columns"), d.message)
            XCTAssertEqual(d.source?.name.hasPrefix("wide.csv:1:"), true)
        }
        let path = try temp("wide.csv", Array(header.utf8))
        defer { unlink(path) }
        XCTAssertThrowsError(try Loader.load(path: path, name: "wide"))
    }

    func testUnclosedQuoteInALargeFileIsFound() throws {
        // A quote opened on line 2 and never closed: the rest of a large file is one field.
        var bytes = Array("id,name\nC1,\"open\n".utf8)
        let line = Array("C2,plain text line that goes on\n".utf8)
        while bytes.count < 24 << 20 { bytes += line }
        let path = try temp("open.csv", bytes)
        defer { unlink(path) }
        XCTAssertThrowsError(try Loader.load(path: path, name: "open", threads: 2)) { e in
            let d = e as! Diagnostic
            XCTAssertEqual(d.kind, .data)
            XCTAssertTrue(d.message.contains("never closed") || d.message.contains("longer than"), d.message)
        }
    }
}
