import Foundation
import XCTest
@testable import KpiqlEngine

/// Reading in chunks must give the records and line numbers one read of the whole file gives,
/// wherever the chunks are cut (here after every few bytes).
final class ChunkedReadingTests: XCTestCase {
    func write(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kpiql-chunks-\(UUID().uuidString).csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func testChunksMatchOneRead() throws {
        let text = "a,b\r\n1,\"two\nlines\"\r\n\"x,y\",\"say \"\"hi\"\"\"\r\n3,4\r5,6\n7,\"\"\n"
        let path = try write(Array(text.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let whole = try CSVReader.read(bytes: Array(text.utf8), name: path)
        for size in [1, 2, 3, 5, 8, 64] {
            var stream = try RecordStream(path: path, delimiter: 0x2C, chunkSize: size)
            var got: [CSVReader.Record] = []
            while let r = try stream.next() { got.append(r) }
            XCTAssertEqual(got.map(\.fields), whole.map(\.fields), "chunk size \(size)")
            XCTAssertEqual(got.map(\.line), whole.map(\.line), "chunk size \(size)")
        }
    }

    func testErrorLinesAreLinesOfTheFile() throws {
        var text = "a,b\n"
        for i in 0..<50 { text += "\(i),x\n" }
        text += "51,\"open\n52,y\n"
        let path = try write(Array(text.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var stream = try RecordStream(path: path, delimiter: 0x2C, chunkSize: 16)
        XCTAssertThrowsError(try { while try stream.next() != nil {} }()) { error in
            let d = error as! Diagnostic
            XCTAssertEqual(d.source?.name, path)
            XCTAssertEqual(d.source?.firstLine, 52)
            XCTAssertEqual(d.source.map { $0.location(of: d.span!.start).column }, 4)
        }
    }

    func testWindows1252IsDecidedAtTheFirstHighByte() throws {
        var decoder = TextDecoder(path: "t.csv")
        XCTAssertEqual(try decoder.decode(Array("plain ascii\n".utf8), firstLine: 1), Array("plain ascii\n".utf8))
        XCTAssertNil(decoder.encoding)
        let out = try decoder.decode([0xA3, 0x35, 0x20, 0x96, 0x20, 0x93, 0x61, 0x94, 0x0A], firstLine: 2)
        XCTAssertEqual(String(decoding: out, as: UTF8.self), "£5 – “a”\n")
        XCTAssertEqual(decoder.encoding, .windows1252)
        XCTAssertThrowsError(try decoder.decode([0x61, 0x81, 0x0A], firstLine: 3))   // 0x81 is undefined in Windows-1252
    }
}
