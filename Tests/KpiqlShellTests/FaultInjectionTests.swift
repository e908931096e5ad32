import Foundation
import XCTest
@testable import KpiqlShell
import KpiqlTestSupport
import KpiqlData
@testable import KpiqlReport
@testable import KpiqlSQL

/// Real faults, not mocks, on the built binary: /dev/full, a closed standard output, a reader
/// closing the pipe, a tmpfs filled to the brim, a read-only folder for a non-root user and a
/// read-only file system. Each must end in a diagnostic naming the file and the OS reason
/// (exit 4), or quietly for a closed pipe; never a crash, never a half-written file.
final class FaultInjectionTests: XCTestCase {
    static let root = Repo.root
    static let binary = root.appendingPathComponent(".build/debug/kpiql").path
    var home = ""

    override func setUpWithError() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else { throw XCTSkip("build kpiql first (swift build)") }
        home = Scratch.url("faults").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: home) }

    /// Runs a bash script with $KPIQL the binary (redirections are the point of these tests).
    func sh(_ script: String, home: String? = nil) throws -> ProcessRunner.Result {
        let r = try ProcessRunner.run("/bin/bash", ["-c", script],
                                      environment: ["KPIQL": Self.binary, "NO_COLOR": "1", "KPIQL_HOME": home ?? self.home],
                                      directory: Self.root, timeout: 120)
        XCTAssertFalse(r.timedOut, script)
        XCTAssertFalse(r.err.contains("Fatal error") || r.err.contains("crashed"), "crashed:\n\(r.err)")
        return r
    }

    func requireDevFull() throws {
        var st = stat()
        guard stat("/dev/full", &st) == 0, (st.st_mode & S_IFMT) == S_IFCHR else {
            throw ScratchMount.skip("/dev/full is not the full device on this machine")
        }
    }

    func testStandardOutputOnAFullDeviceIsAFileError() throws {
        try requireDevFull()
        for format in ["csv", "html", "table"] {
            let r = try sh(#""$KPIQL" -c 'select *' -c '.save never_run' --format \#(format) > /dev/full"#)
            XCTAssertEqual(r.status, 4, "--format \(format): \(r.err)")
            XCTAssertTrue(r.err.contains("cannot write to standard output: no space left on device"), r.err)
            XCTAssertTrue(r.err.contains("hint: free some space"), r.err)
            // The run stops at the lost output: the .save after it did not run (html is written
            // at the end of the run, after the .save).
            let saved = home + "/queries/never_run.kpiql"
            XCTAssertEqual(FileManager.default.fileExists(atPath: saved), format == "html", format)
            try? FileManager.default.removeItem(atPath: saved)
        }
    }

    func testOutputAndOnceToAFullDeviceAreReportedAndTheDeviceStays() throws {
        try requireDevFull()
        let r = try sh(#""$KPIQL" --format csv -c '.output /dev/full' -c 'where id = "C15" select id' -c 'where id = "A01" select id'"#)
        XCTAssertEqual(r.status, 4, r.err)
        XCTAssertTrue(r.err.contains("query:1:1: error: cannot write to /dev/full: no space left on device"), r.err)
        // Results go to the screen again rather than being lost.
        XCTAssertEqual(r.out, "id\nA01\n")
        let once = try sh(#""$KPIQL" --format csv -c '.once /dev/full' -c 'where id = "C15" select id'"#)
        XCTAssertEqual(once.status, 4, once.err)
        XCTAssertTrue(once.err.contains("cannot write to /dev/full: no space left on device"), once.err)
        // Written in place, never renamed over: the device node is still a device.
        var st = stat()
        XCTAssertEqual(stat("/dev/full", &st), 0)
        XCTAssertEqual(st.st_mode & S_IFMT, S_IFCHR, "/dev/full was replaced by a file")
    }

    func testClosedStandardOutputIsReportedAndNoFileTakesItsPlace() throws {
        let r = try sh(#""$KPIQL" -c 'limit 1' >&-"#)
        XCTAssertEqual(r.status, 4, r.err)
        XCTAssertTrue(r.err.contains("cannot write to standard output: bad file descriptor"), r.err)
        // An .output file opened while descriptor 1 is closed must not receive the screen's results.
        let file = home + "/out.csv"
        let o = try sh(#""$KPIQL" --format csv -c '.output \#(file)' -c 'where id = "C15" select id' -c '.output' >&-"#)
        XCTAssertEqual(o.status, 0, o.err)
        XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), "id\nC15\n")
    }

    /// Decided: a reader closing the pipe ends kpiql at once, silently, by SIGPIPE (status 141
    /// in the shell), as `cat` and `seq` end, even when SIGPIPE was ignored by the parent.
    func testReaderClosingThePipeEndsQuietlyWithStatus141() throws {
        let many = String(repeating: "-c 'select *' ", count: 30)
        for trap in ["", "trap '' PIPE; "] {
            let r = try sh(trap + #""$KPIQL" --format csv \#(many) | head -c 100 > /dev/null; echo "status=${PIPESTATUS[0]}""#)
            XCTAssertEqual(r.out, "status=141\n", "\(trap): \(r.err)")
            XCTAssertEqual(r.err, "", trap)
        }
    }

    func testFullDiskKeepsTheOldFilesAndNamesTheReason() throws {
        let disk = try ScratchMount.tmpfs(kilobytes: 1024)
        let dir = disk.path
        let first = try sh(#""$KPIQL" -c 'where id = "C15"' -c '.save q first version' -c '.report \#(dir)/r.html' -c '.once \#(dir)/once.csv' -c 'limit 1'"#, home: dir)
        XCTAssertEqual(first.status, 0, first.err)
        let history = History(path: dir + "/history")
        history.add("limit 1")
        XCTAssertTrue(history.save())
        let before = try snapshot(dir)
        disk.fill()

        let save = try sh(#""$KPIQL" -c 'where id = "A01"' -c '.save! q second version'"#, home: dir)
        XCTAssertEqual(save.status, 4, save.err)
        XCTAssertTrue(save.err.contains("cannot write to \(dir)/queries/q.kpiql: no space left on device"), save.err)
        let report = try sh(#""$KPIQL" -c 'where id = "A01"' -c '.report \#(dir)/r.html'"#, home: dir)
        XCTAssertEqual(report.status, 4, report.err)
        XCTAssertTrue(report.err.contains("cannot write the report to \(dir)/r.html: no space left on device"), report.err)
        XCTAssertFalse(report.err.contains("check the folder exists"), report.err)
        let once = try sh(#""$KPIQL" -c '.once \#(dir)/once.csv' -c 'select *'"#, home: dir)
        XCTAssertEqual(once.status, 4, once.err)
        let csv = try sh(#""$KPIQL" -c 'select *' --format csv > \#(dir)/stdout.csv"#, home: dir)
        XCTAssertEqual(csv.status, 4, csv.err)
        XCTAssertTrue(csv.err.contains("cannot write to standard output: no space left on device"), csv.err)
        history.add("where id = \"A01\"")
        XCTAssertFalse(history.save())
        XCTAssertTrue(history.lastError?.contains("no space left on device") == true, history.lastError ?? "")

        // Every file is as it was; no temporary file is left behind.
        var after = try snapshot(dir)
        after["stdout.csv"] = nil   // the shell created it before kpiql ran
        after["filler"] = nil
        XCTAssertEqual(after, before)
    }

    func testReadOnlyFolderForANonRootUser() throws {
        guard getuid() == 0 else { throw ScratchMount.skip("not root: cannot drop to another user") }
        guard let setpriv = ProcessRunner.find(["setpriv"]) else { throw ScratchMount.skip("setpriv is not installed") }
        try FileManager.default.createDirectory(atPath: home + "/queries", withIntermediateDirectories: true)
        chmod(home, 0o755)
        chmod(home + "/queries", 0o755)   // root's folder: nobody may read it, not write it
        let drop = "\(setpriv) --reuid=65534 --regid=65534 --clear-groups --"
        let r = try sh(#"\#(drop) "$KPIQL" -c 'where id = "C15"' -c '.save q' -c '.report \#(home)/r.html' -c '.once \#(home)/o.csv' -c '.output \#(home)/out.csv'"#)
        XCTAssertEqual(r.status, 4, r.err)
        XCTAssertTrue(r.err.contains("cannot write to \(home)/queries/q.kpiql: permission denied"), r.err)
        XCTAssertTrue(r.err.contains("cannot write the report to \(home)/r.html: permission denied"), r.err)
        XCTAssertTrue(r.err.contains("query:1:1: error: cannot write to \(home)/o.csv: permission denied"), r.err)
        XCTAssertTrue(r.err.contains("cannot write to \(home)/out.csv: permission denied"), r.err)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: home + "/queries"), [])
    }

    func testReadOnlyFileSystem() throws {
        let first = try sh(#""$KPIQL" -c 'where id = "C15"' -c '.save q first version'"#)
        XCTAssertEqual(first.status, 0, first.err)
        let ro = try ScratchMount.readOnly(bind: home)
        let before = try snapshot(ro.path)
        let r = try sh(#""$KPIQL" -c 'where id = "A01"' -c '.save! q second' -c '.report \#(ro.path)/r.html'"#, home: ro.path)
        XCTAssertEqual(r.status, 4, r.err)
        XCTAssertTrue(r.err.contains("read-only file system"), r.err)
        XCTAssertTrue(r.err.contains("cannot write the report to \(ro.path)/r.html: read-only file system"), r.err)
        XCTAssertEqual(try snapshot(ro.path), before)
    }

    /// Every file under `dir` and its bytes.
    func snapshot(_ dir: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for f in try FileManager.default.subpathsOfDirectory(atPath: dir) {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir + "/" + f, isDirectory: &isDir), !isDir.boolValue, !f.hasSuffix(".lock") {
                out[f] = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + f))
            }
        }
        return out
    }
}
