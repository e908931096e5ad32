import Foundation
import XCTest
@testable import KpiqlEngine

/// rank, quartile and group_avg at their edges: ties, polarity, an area outside the group.
final class ComparativeTests: XCTestCase {
    /// Six areas on one indicator, low is good, loaded as an LG Inform download.
    func engine(good: String = "low") throws -> Engine {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kpiql-rank-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/rates.csv"
        try """
        area,area label,area long label,2022/23
        A1,Alpha,Alpha Council,10
        A2,Beta,Beta Council,20
        A3,Gamma,Gamma Council,20
        A4,Delta,Delta Council,40
        A5,Epsilon,Epsilon Council,
        A6,Home,Home Council,30
        """.write(toFile: path, atomically: true, encoding: .utf8)
        try "good = \"\(good)\"\n".write(toFile: path + ".kpiql.toml", atomically: true, encoding: .utf8)
        let catalog = Catalog()
        catalog.add(try Loader.load(path: path, name: "rates").table)
        catalog.groups["peers"] = ComparatorGroup.parse(name: "peers", list: "Alpha, A2, gamma, Delta, Epsilon")
        return Engine(catalog: catalog)
    }

    func column(_ e: Engine, _ q: String) throws -> [Value] {
        let r = try e.run(q)
        return (0..<r.rowCount).map { r.row($0).last! }
    }

    func testTiesShareTheBetterRankAndTheHomeAreaJoinsTheGroup() throws {
        let e = try engine()
        // Low is good: 10 first; the two 20s tie at 2; Home (30, outside the group) is 4th of 5.
        XCTAssertEqual(try column(e, "from rates select area, rank(latest, peers)"),
                       [.number(1), .number(2), .number(2), .number(4), .missing, .number(4)])
        // Quartile of n = 4 areas with a value in the group, 5 for Home: ⌊(rank − 1) × 4 / n⌋ + 1.
        XCTAssertEqual(try column(e, "from rates select area, quartile(latest, peers)"),
                       [.number(1), .number(2), .number(2), .number(4), .missing, .number(3)])
        // The group's own average: Home does not count, Epsilon has no value.
        XCTAssertEqual(try column(e, "from rates where area = Home select group_avg(latest, peers)"), [.number(22.5)])
    }

    func testHighIsGoodReversesTheOrder() throws {
        let e = try engine(good: "high")
        XCTAssertEqual(try column(e, "from rates select area, rank(latest)"),
                       [.number(5), .number(3), .number(3), .number(1), .missing, .number(2)])
    }

    func testWhereDoesNotChangeTheRanking() throws {
        let e = try engine()
        XCTAssertEqual(try column(e, "from rates where area = Delta select rank(latest, peers)"), [.number(4)])
        XCTAssertEqual(try column(e, "from rates where quartile(latest, peers) = 4 select area"), [.text("Delta")])
    }
}
