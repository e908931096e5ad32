import Foundation
import XCTest
@testable import KpiqlEngine
import KpiqlTestSupport
@testable import KpiqlData
@testable import KpiqlReport
@testable import KpiqlBench
@testable import KpiqlFuzzing
@testable import KpiqlShell

/// Headings councils use for metric roles, and the order period columns are put in.
final class RoleRecognizerTests: XCTestCase {
    func file(_ text: String, name: String = "t.csv") throws -> LoadedFile {
        let path = Scratch.url("roles", suffix: "-\(name)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try LoadedFile.read(path: path)
    }

    func heading(_ m: RoleMapping, _ f: LoadedFile, _ role: RoleMapping.Role) -> String? { m.column(role).map { f.headers[$0] } }

    func testStHelensHeadings() throws {
        let f = try file("""
        Ref,Performance Indicator,Higher / Lower is better?,23/24 Outturn,Q1 June,Q2 Sept,24/25 Target,Profiled Target
        CYP-001,Early help episodes,Higher,1200,300,610,1250,625
        """)
        let m = RoleRecognizer.recognise(f)
        XCTAssertEqual(heading(m, f, .id), "Ref")
        XCTAssertEqual(heading(m, f, .name), "Performance Indicator")
        XCTAssertEqual(heading(m, f, .good), "Higher / Lower is better?")
        XCTAssertEqual(heading(m, f, .target), "24/25 Target")
        XCTAssertEqual(heading(m, f, .periodTarget), "Profiled Target")
        // "Q1 June" has no year, so the file's order stands: the outturn first.
        XCTAssertEqual(m.periods.map { f.headers[$0] }, ["23/24 Outturn", "Q1 June", "Q2 Sept"])
        XCTAssertTrue(m.isMetrics)
    }

    func testSeftonHeadingsKeepFileOrder() throws {
        let f = try file("""
        ID,Metric,Good Is,Recent -3,Recent -2,Recent -1,Most Recent,Target
        C01,Children in care,Low,1,2,3,4,5
        """)
        let m = RoleRecognizer.recognise(f)
        XCTAssertEqual(m.periods.map { f.headers[$0] }, ["Recent -3", "Recent -2", "Recent -1", "Most Recent"])
        XCTAssertEqual(heading(m, f, .good), "Good Is")
    }

    func testYearsNewestFirstAreReordered() throws {
        let f = try file("""
        Indicator,Polarity,2023/24,2022/23,2021/22
        NEET,RAG - Low is good,4.9,5.3,5.8
        """)
        let m = RoleRecognizer.recognise(f)
        XCTAssertEqual(m.periods.map { f.headers[$0] }, ["2021/22", "2022/23", "2023/24"])
        XCTAssertEqual(RoleRecognizer.polarity("RAG - Low is good"), "low")
        XCTAssertEqual(RoleRecognizer.polarity("Higher is better"), "high")
        XCTAssertNil(RoleRecognizer.polarity("BOB - Blue orange blue"))
    }

    func testPlainTablesAreNotMetrics() throws {
        // The bundled budget: numbers, but no periods, target or polarity.
        let f = try file("""
        line,kind,budget,forecast,variance
        Libraries,service,4.2,4.3,0.1
        """)
        XCTAssertFalse(RoleRecognizer.recognise(f).isMetrics)
    }

    func testPolarityHeadingNeedsPolarityValues() throws {
        // A "Good" column of yes/no is not a polarity.
        let f = try file("""
        Indicator,Good,Q1,Q2,Target
        A,yes,1,2,3
        """)
        XCTAssertNil(RoleRecognizer.recognise(f).column(.good))
    }
}
