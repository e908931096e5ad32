import Foundation
import XCTest
@testable import KpiqlShell
import KpiqlTestSupport
import KpiqlData
@testable import KpiqlReport
@testable import KpiqlSQL

/// The history file: one entry per statement, no repeats, a cap, tolerance of damage, and
/// two sessions saving into the same file without losing each other's entries.
final class HistoryTests: XCTestCase {
    var dir = ""
    var path: String { dir + "/history" }

    override func setUpWithError() throws {
        dir = Scratch.url("history").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func testEntriesSurviveARestart() {
        let h = History(path: path)
        h.add("where status = red")
        h.add(".mode csv")
        XCTAssertTrue(h.save())
        XCTAssertEqual(History(path: path).entries, ["where status = red", ".mode csv"])
    }

    func testRepeatOfPreviousEntryIsSkipped() {
        let h = History(path: path)
        XCTAssertTrue(h.add("limit 1"))
        XCTAssertFalse(h.add("limit 1"))
        XCTAssertFalse(h.add("  limit 1  \n"), "surrounding space does not make it new")
        XCTAssertTrue(h.add("limit 2"))
        XCTAssertTrue(h.add("limit 1"), "only the previous entry counts")
        XCTAssertFalse(h.add("   "))
        h.save()
        XCTAssertEqual(History(path: path).entries, ["limit 1", "limit 2", "limit 1"])
    }

    func testCapKeepsTheNewest() {
        let h = History(path: path, capacity: 5)
        for i in 1...8 { h.add("limit \(i)") }
        XCTAssertEqual(h.entries, (4...8).map { "limit \($0)" })
        h.save()
        XCTAssertEqual(History(path: path, capacity: 5).entries, (4...8).map { "limit \($0)" })
        XCTAssertEqual(History(path: path, capacity: 2).entries, ["limit 7", "limit 8"], "a smaller cap reads the newest")
    }

    func testMultiLineStatementIsOneEntry() {
        XCTAssertEqual(History.entry(for: "where priority = \"Children\" and\n    status = red and\n  council = \"Sefton\""),
                       "where priority = \"Children\" and status = red and council = \"Sefton\"")
        XCTAssertEqual(History.entry(for: "from budget\r\nlimit 2"), "from budget limit 2")
        // With a comment, joining the lines would comment out the rest: kept whole.
        let commented = "where status = red -- the worst\norder by variance"
        XCTAssertEqual(History.entry(for: commented), commented)
        XCTAssertEqual(History.entry(for: "where name = \"a -- b\"\nlimit 1"), "where name = \"a -- b\" limit 1", "-- inside quotes is no comment")
        let h = History(path: path)
        h.add(commented)
        h.add("where id = \"a\\nb\"")
        h.save()
        XCTAssertEqual(History(path: path).entries, [commented, "where id = \"a\\nb\""], "newlines and backslashes round-trip")
    }

    func testMissingEmptyAndDamagedFiles() throws {
        XCTAssertEqual(History(path: dir + "/none/history").entries, [])
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data()))
        XCTAssertEqual(History(path: path).entries, [])
        var garbage = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) })
        garbage.append(Data("\nwhere status = red\n".utf8))
        garbage.append(Data([0xFF, 0xFE, 0x0A, 0xC3, 0x28, 0x0A]))   // invalid UTF-8 lines
        garbage.append(Data("limit £5 é ▲\n".utf8))
        try garbage.write(to: URL(fileURLWithPath: path))
        let h = History(path: path)
        XCTAssertEqual(h.entries.suffix(2), ["where status = red", "limit £5 é ▲"])
        XCTAssertFalse(h.entries.contains { $0.unicodeScalars.contains { $0.value < 0x20 && $0 != "\t" && $0 != "\n" } })
        // And saving over a damaged file leaves a clean one.
        h.add("limit 3")
        XCTAssertTrue(h.save())
        XCTAssertEqual(History(path: path).entries.suffix(3), ["where status = red", "limit £5 é ▲", "limit 3"])
    }

    func testAFolderInsteadOfAFileIsNotFatal() throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let h = History(path: path)
        XCTAssertEqual(h.entries, [])
        h.add("limit 1")
        XCTAssertFalse(h.save())
        XCTAssertNotNil(h.lastError)
    }

    func testTwoSessionsKeepEachOthersEntries() {
        let a = History(path: path), b = History(path: path)
        a.add("a1"); a.save()
        b.add("b1"); b.save()
        a.add("a2"); a.save()
        b.add("b2"); b.save()
        XCTAssertEqual(History(path: path).entries, ["a1", "b1", "a2", "b2"])
    }

    func testConcurrentWritersLoseNothing() {
        let perWriter = 40
        DispatchQueue.concurrentPerform(iterations: 2) { w in
            let h = History(path: path)
            for i in 0..<perWriter {
                h.add("writer \(w) entry \(i)")
                // A save that cannot get the lock keeps its entries for the next one.
                if !h.save() { XCTAssertNotNil(h.lastError) }
            }
            XCTAssertTrue(h.save())
        }
        let entries = History(path: path).entries
        XCTAssertEqual(entries.count, 2 * perWriter)
        for w in 0..<2 {
            XCTAssertEqual(entries.filter { $0.hasPrefix("writer \(w) ") }, (0..<perWriter).map { "writer \(w) entry \($0)" },
                           "writer \(w)'s entries, in order")
        }
    }

    func testFileIsPrivate() throws {
        let h = History(path: path)
        h.add("limit 1")
        h.save()
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
    }
}
