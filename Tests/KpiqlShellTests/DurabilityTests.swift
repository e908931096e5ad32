import Foundation
import XCTest
@testable import KpiqlShell
import KpiqlEngine
import KpiqlTestSupport
import KpiqlData
@testable import KpiqlReport
@testable import KpiqlSQL

/// Nothing lost: a `kill -9` at any moment of a `.save` leaves the old file or the new one,
/// never a truncated one; sessions saving at once do not lose each other's work.
final class DurabilityTests: XCTestCase {
    static let root = Repo.root
    static let binary = root.appendingPathComponent(".build/debug/kpiql").path

    func temporaryHome() throws -> String {
        let dir = Scratch.url("durable").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    func start(_ args: [String], home: String) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.binary)
        p.arguments = args
        p.currentDirectoryURL = Self.root
        var env = ProcessInfo.processInfo.environment
        env["KPIQL_HOME"] = home
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// A saved file is whole when its header is complete and its query ends with ';'.
    func assertWhole(_ path: String, iteration: Int, prefix: String = "iteration ") {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return }
        let q = SavedQuery.parse(text, name: "q", path: path, location: .user)
        XCTAssertTrue(q.description.hasPrefix(prefix), "iteration \(iteration): truncated header:\n\(text)")
        XCTAssertNotNil(q.saved, "iteration \(iteration): no saved date:\n\(text)")
        XCTAssertTrue(text.hasSuffix(";\n"), "iteration \(iteration): truncated query:\n\(text)")
    }

    func testKillNineDuringSaveNeverLeavesATruncatedFile() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else { throw XCTSkip("build kpiql first") }
        let home = try temporaryHome()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let path = home + "/queries/q.kpiql"
        var survived = 0
        for i in 0..<200 {
            // Many saves per process, so a kill at a random moment lands inside one of them.
            var args = ["-c", "where id = \"C15\" select id, name, latest"]
            for k in 0..<20 { args += ["-c", ".save! q iteration \(i) save \(k) " + String(repeating: "x", count: 200)] }
            let p = try start(args, home: home)
            usleep(useconds_t.random(in: 0...60_000))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            if p.terminationReason == .exit { survived += 1 }
            assertWhole(path, iteration: i)
            // No temporary file is left visible under the saved query's name.
            let names = (try? FileManager.default.contentsOfDirectory(atPath: home + "/queries")) ?? []
            XCTAssertTrue(names.allSatisfy { $0 == "q.kpiql" || $0.hasPrefix(".q.kpiql.") }, "\(names)")
        }
        print("kill loop: 200 iterations, \(survived) finished before the kill")
    }

    func testConcurrentSavesAllLand() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else { throw XCTSkip("build kpiql first") }
        let home = try temporaryHome()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let procs = try (0..<8).map { n in
            try start(["-c", "where id = \"C15\" select id", "-c", ".save q\(n) iteration \(n)", "-c", ".save same iteration \(n)"], home: home)
        }
        procs.forEach { $0.waitUntilExit() }
        let store = SavedQueryStore(userDir: home + "/queries", projectDir: nil)
        let names = Set(store.list().filter { $0.location == .user }.map(\.name))
        XCTAssertEqual(names, Set((0..<8).map { "q\($0)" } + ["same"]))
        // Exactly one session won the shared name; the others were refused rather than overwriting it.
        assertWhole(home + "/queries/same.kpiql", iteration: -1)
    }

    /// SIGTERM (and SIGHUP) at random moments of `.save` and `.report`: the handler removes the
    /// temporary file in progress, so not even a temporary file is left, and each file is whole.
    func testTermDuringSaveAndReportLeavesNothingHalfWritten() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else { throw XCTSkip("build kpiql first") }
        let home = try temporaryHome()
        defer { try? FileManager.default.removeItem(atPath: home) }
        var signalled = 0
        for i in 0..<100 {
            var args = ["-c", "where id = \"C15\" select id, name, latest"]
            for k in 0..<10 {
                args += ["-c", ".save! q iteration \(i) save \(k) " + String(repeating: "x", count: 200), "-c", ".report \(home)/r.html"]
            }
            let p = try start(args, home: home)
            usleep(useconds_t.random(in: 0...120_000))
            kill(p.processIdentifier, i % 4 == 3 ? SIGHUP : SIGTERM)
            p.waitUntilExit()
            if p.terminationReason == .uncaughtSignal { signalled += 1 }
            assertWhole(home + "/queries/q.kpiql", iteration: i)
            if let html = try? String(contentsOfFile: home + "/r.html", encoding: .utf8) {
                XCTAssertTrue(html.hasSuffix("</html>\n"), "iteration \(i): truncated report")
            }
            let left = ((try? FileManager.default.contentsOfDirectory(atPath: home + "/queries")) ?? [])
                + ((try? FileManager.default.contentsOfDirectory(atPath: home)) ?? [])
            XCTAssertEqual(left.filter { $0.hasSuffix(".tmp") }, [], "iteration \(i): temporary files left")
        }
        print("SIGTERM/SIGHUP loop: 100 iterations, \(signalled) ended by the signal mid-run")
        XCTAssertGreaterThan(signalled, 0, "no signal ever landed mid-run: the loop tested nothing")
    }

    /// SIGTERM at random moments of a REPL saving its history after every statement: the
    /// history file always reads back whole, and no temporary file is left.
    func testTermDuringHistoryWritesKeepsTheHistoryWhole() throws {
        guard let binary = PTYSession.binary() else { throw XCTSkip("build kpiql first") }
        let home = try temporaryHome()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let historyPath = home + "/kpiql/history"
        var signalled = 0
        for i in 0..<100 {
            let s = try PTYSession(binary: binary, home: home)
            try s.expect("metrics> ")
            let killAt = Int.random(in: 0..<12)
            for k in 0..<12 {
                s.send("where id = \"C15\" select id, \(i * 100 + k) as n\r")
                if k == killAt { usleep(useconds_t.random(in: 0...3_000)); kill(s.pid, SIGTERM); break }
            }
            if let status = s.waitForExit(), status == 128 + SIGTERM { signalled += 1 }
            let raw = (try? String(contentsOfFile: historyPath, encoding: .utf8)) ?? ""
            let lines = raw.split(separator: "\n")
            XCTAssertTrue(raw.isEmpty || raw.hasSuffix("\n"), "iteration \(i): history ends mid-line")
            XCTAssertEqual(History(path: historyPath).entries.count, min(lines.count, History.defaultCapacity), "iteration \(i): damaged lines")
            XCTAssertTrue(lines.allSatisfy { $0.hasPrefix("where id = \"C15\" select id, ") && $0.hasSuffix(" as n") }, "iteration \(i): \(raw.suffix(300))")
            let names = (try? FileManager.default.contentsOfDirectory(atPath: home + "/kpiql")) ?? []
            XCTAssertEqual(names.filter { $0.hasSuffix(".tmp") }, [], "iteration \(i)")
        }
        print("history SIGTERM loop: 100 REPLs, \(signalled) ended by SIGTERM")
        XCTAssertGreaterThan(signalled, 50)
    }

    /// Two REPLs typing 200 statements and 200 `.save`s each, interleaved: every saved query
    /// lands, and the history holds every entry of both, each session's in its order.
    func testTwoREPLsInterleavingSavesAndHistoryLoseNothing() throws {
        guard let binary = PTYSession.binary() else { throw XCTSkip("build kpiql first") }
        let home = try temporaryHome()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let sessions = try (0..<2).map { _ in try PTYSession(binary: binary, home: home) }
        for s in sessions { try s.expect("metrics> ") }
        let n = 200
        for i in 0..<n {
            for (w, s) in sessions.enumerated() { s.send("where id = \"C15\" select id, \(i) as w\(w)\r") }
            for s in sessions { try s.expect("(1 row)"); try s.expect("metrics> ") }
            for (w, s) in sessions.enumerated() { s.send(".save s\(w)_\(i) session \(w) save \(i)\r") }
            for s in sessions { try s.expect("saved s"); try s.expect("metrics> ") }
        }
        for s in sessions { s.send("\u{04}"); XCTAssertEqual(s.waitForExit(), 0) }
        let store = SavedQueryStore(userDir: home + "/kpiql/queries", projectDir: nil)
        let saved = store.list().filter { $0.location == .user }
        XCTAssertEqual(Set(saved.map(\.name)), Set((0..<2).flatMap { w in (0..<n).map { "s\(w)_\($0)" } }))
        for q in saved { assertWhole(q.path, iteration: -1, prefix: "session ") }
        let entries = History(path: home + "/kpiql/history").entries
        XCTAssertEqual(entries.count, 2 * 2 * n)
        for w in 0..<2 {
            let mine = entries.filter { $0.hasSuffix(" as w\(w)") || $0.hasPrefix(".save s\(w)_") }
            let expected = (0..<n).flatMap { i in ["where id = \"C15\" select id, \(i) as w\(w)", ".save s\(w)_\(i) session \(w) save \(i)"] }
            XCTAssertEqual(mine, expected, "session \(w)'s history, in order")
        }
    }
}
