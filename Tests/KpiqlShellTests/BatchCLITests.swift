import Foundation
import XCTest
import KpiqlTestSupport
import KpiqlData
import KpiqlShell
import KpiqlReport
import KpiqlSQL

/// Drives the real `kpiql` binary in batch mode: exit statuses by class, stdin, files,
/// parameters, and where output goes.
final class BatchCLITests: XCTestCase {
    static let root = Repo.root
    static let binary = root.appendingPathComponent(".build/debug/kpiql").path

    struct Run { var status: Int32; var out: String; var err: String }

    func kpiql(_ args: [String], stdin: String? = nil, env: [String: String] = [:]) throws -> Run {
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else { throw XCTSkip("build kpiql first (swift build)") }
        var environment = env
        environment["NO_COLOR"] = "1"
        let r = try ProcessRunner.run(Self.binary, args, stdin: stdin ?? "", environment: environment, directory: Self.root, timeout: 60)
        XCTAssertFalse(r.timedOut, "kpiql \(args) did not finish in 60 s")
        return Run(status: r.status, out: r.out, err: r.err)
    }

    func testQuerySucceeds() throws {
        let r = try kpiql(["-c", #"where council = "Sefton" and priority = "Children" and status = red order by variance select id"#, "--format", "csv"])
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.out, "id\nC15\nC11\nC12\n")
        XCTAssertEqual(r.err, "")
    }

    func testQueryErrorIsStatus1WithLocationAndCaret() throws {
        let r = try kpiql(["-c", "where status = redd"])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.out, "")
        XCTAssertTrue(r.err.hasPrefix("query:1:16: error: unknown status 'redd'\n  where status = redd\n                 ^~~~\n"), r.err)
    }

    func testUsageErrorIsStatus2() throws {
        XCTAssertEqual(try kpiql(["-c", "limit 1", "--format", "excel"]).status, 2)
        XCTAssertEqual(try kpiql(["--no-such-flag"]).status, 2)
        XCTAssertEqual(try kpiql(["-c", ".mdoe csv"]).status, 2)
    }

    func testDataErrorIsStatus3() throws {
        let dir = Scratch.url("bad")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for f in ["sefton_2024_11.csv", "st_helens_2024q2.csv", "sefton_budget_2024_06.csv", "sefton_capital_2024_25.csv"] {
            try FileManager.default.copyItem(at: Self.root.appendingPathComponent("datasets/" + f), to: dir.appendingPathComponent(f))
        }
        try "id,name\nC01,\"unclosed\n".write(to: dir.appendingPathComponent("sefton_2024_11.csv"), atomically: true, encoding: .utf8)
        let r = try kpiql(["--datasets", dir.path, "-c", "limit 1"])
        XCTAssertEqual(r.status, 3)
        XCTAssertTrue(r.err.contains("sefton_2024_11.csv:2:5: error: a quoted field starting here is never closed"), r.err)
    }

    func testMissingFileIsStatus4() throws {
        let r = try kpiql(["-f", "no/such/file.kpiql"])
        XCTAssertEqual(r.status, 4)
        XCTAssertTrue(r.err.contains("cannot read no/such/file.kpiql"), r.err)
    }

    func testStdinWhenNotATerminalHasNoPrompt() throws {
        let r = try kpiql(["--format", "csv"], stdin: "from budget where variance > 3 select line;\nfrom capital where variance < 0 select line;\n")
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.out, "line\nChildren's Social Care\nTotal Service Net Expenditure\nForecast Year-End Deficit\nline\nEconomic Growth & Housing\nTotal Programme\n")
        XCTAssertEqual(r.err, "")
    }

    func testSavedQueryFileWithParameterOverride() throws {
        let r = try kpiql(["-f", "queries/children_red.kpiql", "--param", "priority=Finance", "--format", "csv"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.hasPrefix("council,id,name,latest,target,variance,trend\n"), r.out)
        // Finance is Sefton's label only; none of its five indicators is red, so the result is the header alone.
        XCTAssertEqual(r.out.split(separator: "\n").count, 1, r.out)
    }

    func testErrorInTheMiddleKeepsGoingUnlessBail() throws {
        let script = "where id = \"C15\" select id;\nwhere statuss = red;\nwhere id = \"A01\" select id;\n"
        let path = Scratch.url("", suffix: ".kpiql").path
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let keep = try kpiql(["-f", path, "--format", "csv"])
        XCTAssertEqual(keep.status, 1)
        XCTAssertEqual(keep.out, "id\nC15\nid\nA01\n")
        XCTAssertTrue(keep.err.hasPrefix("\(path):2:7: error: unknown field 'statuss'"), keep.err)
        let bail = try kpiql(["-f", path, "--format", "csv", "--bail"])
        XCTAssertEqual(bail.status, 1)
        XCTAssertEqual(bail.out, "id\nC15\n")
    }

    func testOutputToFile() throws {
        let path = Scratch.url("", suffix: ".csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try kpiql(["-c", ".mode csv", "-c", ".output \(path)", "-c", "where id = \"C15\" select id, status", "-c", ".output"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(r.out, "")
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "id,status\nC15,red\n")
    }

    /// A misspelt --param is a usage error naming the near miss, not a run with the default.
    func testUnknownParamIsUsageErrorWithNearMiss() throws {
        let r = try kpiql(["-f", "queries/children_red.kpiql", "--param", "prio=Adults"])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.out, "", "nothing runs")
        XCTAssertTrue(r.err.contains("error: --param prio: no query in this run has a parameter 'prio'"), r.err)
        XCTAssertTrue(r.err.contains("hint: did you mean --param priority=…?"), r.err)
        let ok = try kpiql(["-f", "queries/children_red.kpiql", "--param", "priority=Adults", "--format", "csv"])
        XCTAssertEqual(ok.status, 0)
        XCTAssertTrue(ok.out.contains("Sefton,A07,"), ok.out)
        let stdin = try kpiql(["--param", "prio=Adults"], stdin: "where priority = $priority select id;")
        XCTAssertEqual(stdin.status, 2, "standard input is checked too")
        // A saved query run by name declares its parameters too.
        XCTAssertEqual(try kpiql(["-c", ".run children_red", "--param", "priority=Adults", "--format", "csv"]).status, 0)
    }
}
