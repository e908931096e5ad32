import Foundation
import XCTest
@testable import KpiqlEngine
import KpiqlTestSupport
@testable import KpiqlData
@testable import KpiqlReport
@testable import KpiqlBench
@testable import KpiqlFuzzing
@testable import KpiqlShell

/// Re-derives every published figure from the stored raw values: Sefton's Change from
/// Previous and Distance from Target, and St Helens' % variance. The rows that do not
/// reproduce are facts about the reports (listed in datasets/README.md); this test pins them,
/// so a transcription slip in the CSVs shows up as a new difference.
final class PublishedFiguresTests: XCTestCase {

    func rows(_ q: String) throws -> [[String: Value]] {
        let engine = try Workspace.bundled(directory: Repo.datasets).engine
        let r = try engine.run(q)
        return (0..<r.rowCount).map { i in Dictionary(uniqueKeysWithValues: r.columns.map { ($0.name, $0.values[i]) }) }
    }

    func num(_ v: Value?) -> Double { v?.number ?? .nan }
    func r1(_ x: Double, _ places: Int) -> Double { NumberFormat.round(x, places) }

    func testSeftonChangeFromPrevious() throws {
        var differ: [String] = []
        // The dashboard's Change from Previous is always Most Recent against Recent -1 (kpiql's
        // `previous` differs where that is not like for like: C16–C18, F01, F02; see README).
        for row in try rows(#"where council = "Sefton" select id, r1, latest, reported_change, printed_change"#) {
            let id = row["id"]!.description, prev = num(row["r1"]), latest = num(row["latest"])
            let printed = num(row["reported_change"])
            if printed.isNaN {
                // "inf%": a change computed from nothing (a blank or zero previous period).
                XCTAssertTrue(prev.isNaN || prev == 0, "\(id): change not printed but previous is \(prev)")
                continue
            }
            let computed = r1((latest - prev) / abs(prev) * 100, 1)
            if abs(computed - printed) > 0.05 { differ.append("\(id) printed \(printed) computed \(computed)") }
        }
        print("Sefton change differences:\n  " + differ.joined(separator: "\n  "))
        XCTAssertEqual(differ.map { String($0.prefix(3)) }, ["C21", "H07", "H08", "H09", "W19"])
    }

    func testSeftonDistanceFromTarget() throws {
        var differ: [String] = []
        var metButShort: [String] = []
        for row in try rows(#"where council = "Sefton" and target is not missing select id, good, latest, target, reported_distance, reported_variance, printed_distance"#) {
            let id = row["id"]!.description, latest = num(row["latest"]), target = num(row["target"])
            let printed = row["printed_distance"]!.description
            let high = row["good"] == .symbol("high")
            if printed.hasPrefix("Met") {
                if high ? latest < target : latest > target { metButShort.append(id) }
                continue
            }
            let units = num(row["reported_distance"]), pct = -num(row["reported_variance"])
            guard !units.isNaN else { continue }   // W08: target 0, printed N/A
            let d = abs(latest - target)
            if abs(r1(d, 1) - units) > 0.05 || abs(r1(d / target * 100, 1) - pct) > 0.05 {
                differ.append("\(id) printed \(printed) computed \(r1(d, 1)) (\(r1(d / target * 100, 1))%)")
            }
        }
        print("Sefton distance differences: \(differ); met but short of target: \(metButShort)")
        XCTAssertEqual(differ.map { String($0.prefix(3)) }, ["G13"])
        XCTAssertEqual(metButShort, ["F01"])
    }

    func testStHelensVariance() throws {
        var differ: [String] = []
        for row in try rows(#"where council = "St Helens" select id, variance, reported_variance"#) {
            let id = row["id"]!.description
            let computed = num(row["variance"]), printed = num(row["reported_variance"])
            guard !printed.isNaN else { continue }
            // Compare at the printed precision (0 to 2 decimals), allowing one unit in the last
            // place for a council that truncated rather than rounded (CYP-014: 7.06 printed 7.05).
            let places = (0...2).first { abs(r1(printed, $0) - printed) < 1e-9 } ?? 2
            let unit = pow(10, -Double(places))
            if computed.isNaN || abs(r1(computed, places) - printed) > unit + 1e-9 { differ.append(id) }
        }
        print("St Helens variance differences (\(differ.count)): \(differ)")
        XCTAssertEqual(Set(differ), Set(["CYP-012", "CYP-013", "ASC-015", "SC-001", "SC-003", "SC-004", "HS-005", "HS-001",
                                         "HS-003", "HS-002A", "HS-007", "CC-002", "CS-002", "CS-013", "CS-011", "CS-012"]))
    }

    func testRowCounts() throws {
        let r = try rows("group by council select council, count() as n")
        XCTAssertEqual(r.map { $0["n"]!.number! }, [89, 94])
    }
}
