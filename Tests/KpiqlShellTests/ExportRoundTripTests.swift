import Foundation
import XCTest
import KpiqlTestSupport
import KpiqlData
import KpiqlShell
import KpiqlReport
import KpiqlSQL

/// kpiql reads what it writes: the bundled `metrics` table exported with `select *` as CSV and
/// loaded back as `metrics` gives byte-identical output for every saved query in `queries/`.
final class ExportRoundTripTests: XCTestCase {
    static let root = BatchCLITests.root
    static let binary = BatchCLITests.binary

    func kpiql(_ args: [String]) throws -> (status: Int32, out: String, err: String) {
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else { throw XCTSkip("build kpiql first (swift build)") }
        let r = try ProcessRunner.run(Self.binary, args, stdin: "", environment: ["NO_COLOR": "1"], directory: Self.root, timeout: 60)
        XCTAssertFalse(r.timedOut, "kpiql \(args) did not finish in 60 s")
        return (r.status, r.out, r.err)
    }

    func testEverySavedQueryGivesTheSameOutputOnItsOwnExport() throws {
        let dir = Scratch.url("roundtrip")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let export = try kpiql(["-c", "select *", "--format", "csv"])
        XCTAssertEqual(export.status, 0, export.err)
        let header = export.out.prefix { $0 != "\n" }.split(separator: ",")
        XCTAssertEqual(header.count, Set(header).count, "select * writes a field twice: \(header)")
        let path = dir.appendingPathComponent("metrics.csv").path
        try export.out.write(toFile: path, atomically: true, encoding: .utf8)

        let queries = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("queries").path)
            .filter { $0.hasSuffix(".kpiql") }.sorted()
        XCTAssertGreaterThanOrEqual(queries.count, 10)
        for q in queries {
            let file = "queries/" + q
            let bundled = try kpiql(["-f", file])
            let reloaded = try kpiql(["--load", path + "=metrics", "-f", file])
            XCTAssertEqual(bundled.status, 0, "\(q): \(bundled.err)")
            XCTAssertEqual(reloaded.status, bundled.status, "\(q): \(reloaded.err)")
            XCTAssertEqual(reloaded.out, bundled.out, "\(q) differs on the reloaded export")
        }
    }
}
