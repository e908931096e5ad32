import Foundation
import XCTest
import KpiqlTestSupport
import KpiqlData
import KpiqlShell
import KpiqlReport
import KpiqlSQL

/// The REPL as a person meets it: the built binary on a pseudo-terminal, typed into key by
/// key. Each test has its own home (history, saved queries); every wait has a deadline.
final class PTYTests: XCTestCase {
    var home = ""
    var binary = ""
    let prompt = "metrics> "
    let continuation = "    ...> "

    override func setUpWithError() throws {
        guard let b = PTYSession.binary() else { throw XCTSkip("kpiql is not built (run swift build first)") }
        binary = b
        home = Scratch.url("pty").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: home) }

    /// A session at its first prompt.
    func start() throws -> PTYSession {
        let s = try PTYSession(binary: binary, home: home)
        try s.expect(prompt)
        return s
    }

    /// Ctrl-D at an empty prompt, and the exit status.
    func leave(_ s: PTYSession) {
        s.send("\u{04}")
        XCTAssertEqual(s.waitForExit(), 0, "Ctrl-D exits 0\n\(s.readable)")
    }

    func testQueryShowsTable() throws {
        let s = try start()
        s.send("where id = \"C15\"\r")
        try s.expect("Children's Social Care Ofsted Rating")
        try s.expect("(1 row)")
        try s.expect(prompt)
        leave(s)
    }

    func testUpArrowRecallsLastSessionsQuery() throws {
        let first = try start()
        first.send("where id = \"C15\"\r")
        try first.expect("(1 row)")
        try first.expect(prompt)
        leave(first)

        let second = try start()
        second.send("\u{1B}[A")
        try second.expect("where id = \"C15\"")
        second.send("\r")
        try second.expect("Children's Social Care Ofsted Rating")
        try second.expect("(1 row)")
        leave(second)
    }

    func testCtrlRSearchesHistory() throws {
        let first = try start()
        first.send("where id = \"C15\"\r")
        try first.expect("(1 row)")
        try first.expect(prompt)
        first.send("limit 1\r")
        try first.expect("(1 row)")
        try first.expect(prompt)
        leave(first)

        let second = try start()
        second.send("\u{12}C15")
        try second.expect("where id = \"C15\"")
        second.send("\r")
        try second.expect("Children's Social Care Ofsted Rating")
        leave(second)
    }

    func testTabCompletesFieldName() throws {
        let s = try start()
        s.send("select counc\t where id = \"C15\"\r")
        try s.expect("│ council │")
        try s.expect("Sefton")
        try s.expect("(1 row)")
        leave(s)
    }

    func testTabCompletesStatusValue() throws {
        let s = try start()
        s.send("where status = re\t and id = \"C15\"\r")
        try s.expect("│ red ")
        try s.expect("(1 row)")
        XCTAssertFalse(s.readable.contains("error"), s.readable)
        leave(s)
    }

    func testTabListsChoices() throws {
        let s = try start()
        s.send("where status = \t")
        try s.expect("green  amber  red")
        try s.expect(prompt)          // the line is drawn again below the list
        s.send("a\t\r")
        try s.expect("│ amber ")
        leave(s)
    }

    func testThreeLineQuery() throws {
        let s = try start()
        s.send("where priority = \"Children\" and\r")
        try s.expect(continuation)
        s.send("status = red and\r")
        try s.expect(continuation)
        s.send("council = \"Sefton\"\r")
        try s.expect("C15")
        try s.expect("(3 rows)")
        try s.expect(prompt)
        leave(s)
        let history = try String(contentsOfFile: home + "/kpiql/history", encoding: .utf8)
        XCTAssertEqual(history, "where priority = \"Children\" and status = red and council = \"Sefton\"\n", "one entry, one line")
    }

    func testCtrlCClearsTheLineAndTheReplGoesOn() throws {
        let s = try start()
        s.send("where status = gre")
        try s.expect("gre")
        s.send("\u{03}")
        try s.expect(prompt)
        s.send("where id = \"C15\"\r")
        try s.expect("(1 row)")
        try s.expect(prompt)
        XCTAssertFalse(s.readable.contains("error"), "the half-typed line never ran\n\(s.readable)")
        leave(s)
    }

    func testSavedQueryRunsInTheNextSession() throws {
        let first = try start()
        first.send(".param priority=Adults\r")
        try first.expect(prompt)
        first.send("where priority = $priority and status = red\r")
        try first.expect("rows)")
        try first.expect(prompt)
        first.send(".save red_items Red items\r")
        try first.expect("saved red_items")
        try first.expect(prompt)
        leave(first)

        let second = try start()
        second.send(".run red_items priority=Children\r")
        try second.expect("C15")
        try second.expect(prompt)
        leave(second)
    }

    func testOutputToFileInCSV() throws {
        let file = home + "/out.csv"
        let s = try start()
        for line in [".mode csv", ".output \(file)", "where id = \"C15\"", ".output"] {
            s.send(line + "\r")
            try s.expect(prompt)
        }
        leave(s)
        let csv = try String(contentsOfFile: file, encoding: .utf8)
        XCTAssertTrue(csv.hasPrefix("council,id,name,"), csv)
        XCTAssertTrue(csv.contains("\nSefton,C15,"), csv)
        XCTAssertFalse(s.readable.contains("Sefton,C15"), "the result went to the file, not the screen")
    }

    func testUTF8Editing() throws {
        let s = try start()
        // Two backspaces remove ▲ and é whole, not a byte of each.
        s.send("where name contains \"£é▲\u{7F}\u{7F}x\"\r")
        try s.expect("(0 rows)")
        try s.expect(prompt)
        leave(s)
        let history = try String(contentsOfFile: home + "/kpiql/history", encoding: .utf8)
        XCTAssertEqual(history, "where name contains \"£x\"\n")
    }

    func testEditrcIsReadAndACommentedStatementRecallsWhole() throws {
        // ~/.editrc binds Ctrl-X to type a query; a history entry with a comment keeps its lines.
        try "kpiql:bind -s ^X 'limit 3'\n".write(toFile: home + "/.editrc", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: home + "/kpiql", withIntermediateDirectories: true)
        try "where status = red -- the worst\\norder by variance limit 2\n".write(toFile: home + "/kpiql/history", atomically: true, encoding: .utf8)
        let s = try start()
        s.send("\u{18}\r")
        try s.expect("(3 rows)")
        try s.expect(prompt)
        s.send("\u{1B}[A\u{1B}[A\r")
        try s.expect("order by variance limit 2")
        try s.expect("(2 rows)")
        leave(s)
    }

    func testCtrlDOnEmptyLineExitsZero() throws {
        let s = try start()
        s.send("\u{04}")
        XCTAssertEqual(s.waitForExit(), 0, s.readable)
    }

    func testPipedInputHasNoPrompt() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.environment = ["HOME": home, "KPIQL_HOME": home + "/kpiql", "NO_COLOR": "1", "PATH": "/usr/bin:/bin"]
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        p.standardError = output
        try p.run()
        // No hang: a stuck process is stopped after 20 s and the assertions below then fail.
        DispatchQueue.global().asyncAfter(deadline: .now() + 20) { if p.isRunning { p.terminate() } }
        input.fileHandleForWriting.write(Data("limit 1\n".utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        XCTAssertTrue(text.contains("(1 row)"), text)
        XCTAssertFalse(text.contains(prompt), text)
        XCTAssertFalse(FileManager.default.fileExists(atPath: home + "/kpiql/history"), "no history without a terminal")
    }
}
