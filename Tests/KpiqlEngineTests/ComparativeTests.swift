import Foundation
import XCTest
@testable import KpiqlEngine
import KpiqlTestSupport
@testable import KpiqlData
@testable import KpiqlReport
@testable import KpiqlBench
@testable import KpiqlFuzzing
@testable import KpiqlShell

/// rank, quartile and group_avg at their edges: ties, polarity, an area outside the group.
final class ComparativeTests: XCTestCase {
    /// Six areas on one indicator, low is good, loaded as an LG Inform download.
    func engine(good: String = "low") throws -> Engine { try ComparativeTests.makeEngine(good: good) }

    static func makeEngine(good: String = "low", reversed: Bool = false) throws -> Engine {
        let dir = Scratch.url("rank").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/rates.csv"
        let text = """
        area,area label,area long label,2022/23
        A1,Alpha,Alpha Council,10
        A2,Beta,Beta Council,20
        A3,Gamma,Gamma Council,20
        A4,Delta,Delta Council,40
        A5,Epsilon,Epsilon Council,
        A6,Home,Home Council,30
        """
        let lines = text.split(separator: "\n")
        try (reversed ? [lines[0]] + lines.dropFirst().reversed() : lines).joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        try "good = \"\(good)\"\n".write(toFile: path + ".kpiql.toml", atomically: true, encoding: .utf8)
        let workspace = Workspace(), catalog = workspace.catalog
        workspace.add(try Loader.load(path: path, name: "rates").table)
        catalog.groups["peers"] = ComparatorGroup.parse(name: "peers", list: "Alpha, A2, gamma, Delta, Epsilon")
        return workspace.engine
    }

    func column(_ e: Engine, _ q: String) throws -> [Value] { try ComparativeTests.column(e, q) }

    static func column(_ e: Engine, _ q: String) throws -> [Value] {
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

    /// `by FIELD` on a number: -0 and 0 are one value (as in `group by` and join keys, and on a
    /// SQL server), not two partitions that print alike.
    func testMinusZeroAndZeroShareAPartition() throws {
        let dir = Scratch.url("rank-zero").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "Council,Ref,Indicator,Good is,2022/23,Band\nA,X1,Ind,Higher is better,5,0\nB,X1,Ind,Higher is better,6,-0\nC,X1,Ind,Higher is better,7,0\n"
            .write(toFile: dir + "/zero.csv", atomically: true, encoding: .utf8)
        let workspace = Workspace()
        workspace.add(try Loader.load(path: dir + "/zero.csv", name: "zero").table)
        XCTAssertEqual(try column(workspace.engine, "from zero select area, rank(latest, by band)"), [.number(3), .number(2), .number(1)])
        XCTAssertEqual(try column(workspace.engine, "from zero select area, group_n(latest, by band)"), [.number(3), .number(3), .number(3)])
    }

    func testWhereDoesNotChangeTheRanking() throws {
        let e = try engine()
        XCTAssertEqual(try column(e, "from rates where area = Delta select rank(latest, peers)"), [.number(4)])
        XCTAssertEqual(try column(e, "from rates where quartile(latest, peers) = 4 select area"), [.text("Delta")])
    }
}

/// Mapping groups: each row against its own list, families, an unlisted area, `by FIELD`.
final class ComparatorMappingTests: XCTestCase {
    func engine() throws -> Engine {
        let e = try ComparativeTests.makeEngine()
        // Home's neighbours are Alpha and Beta; Delta's are Gamma and Home; Alpha's list names Alpha itself.
        e.catalog.groups["nn"] = ComparatorGroup(name: "nn", form: .neighbours, lists: [
            (area: "Home", comparators: ["A1", "Beta"]), (area: "A4", comparators: ["gamma", "A6"]), (area: "Alpha", comparators: ["Alpha", "Beta"])
        ], source: "a test")
        return e
    }

    func testEachRowIsComparedWithItsOwnList() throws {
        let e = try engine()
        let c = ComparativeTests.self
        // Low is good. Home 30 vs 10, 20: 3rd of 3. Delta 40 vs 20, 30: 3rd of 3. Alpha 10 vs 20: 1st of 2.
        XCTAssertEqual(try c.column(e, "from rates where area in (Home, Delta, Alpha) select area, rank(latest, nn)"),
                       [.number(1), .number(3), .number(3)])
        XCTAssertEqual(try c.column(e, "from rates where area in (Home, Delta, Alpha) select area, group_n(latest, nn)"),
                       [.number(2), .number(3), .number(3)])
        // The average is of the list as named: Alpha's own value counts because its list names it.
        XCTAssertEqual(try c.column(e, "from rates where area in (Home, Alpha) select area, group_avg(latest, nn)"),
                       [.number(15), .number(15)])
        // Beta, Gamma and Epsilon have no list: no rank, no size.
        XCTAssertEqual(try c.column(e, "from rates where area in (Beta, Gamma, Epsilon) select area, group_n(latest, nn)"),
                       [.missing, .missing, .missing])
    }

    func testFamiliesMatchByField() throws {
        let e = try engine()
        let c = ComparativeTests.self
        let lists: [(area: String, comparators: [String])] = [("Alpha", ["Alpha", "Beta", "Gamma"]), ("Beta", ["Alpha", "Beta", "Gamma"]),
                                                              ("Gamma", ["Alpha", "Beta", "Gamma"]), ("Delta", ["Delta", "Home"]), ("Home", ["Delta", "Home"])]
        e.catalog.groups["fam"] = ComparatorGroup(name: "fam", form: .families, lists: lists, source: "a test")
        // Ties share the better rank inside a family: 10, 20, 20 → 1, 2, 2; 40, 30 → 2, 1.
        XCTAssertEqual(try c.column(e, "from rates where area != Epsilon select area, rank(latest, fam)"),
                       [.number(1), .number(2), .number(2), .number(2), .number(1)])
    }

    func testAGroupResolvedForOneTableIsResolvedAgainForAnother() throws {
        let first = try engine()
        let c = ComparativeTests.self
        XCTAssertEqual(try c.column(first, "from rates where area = Home select rank(latest, nn)"), [.number(3)])
        // The same group on a table whose rows come in the other order: the cached rows must not be reused.
        let second = try ComparativeTests.makeEngine(reversed: true)
        second.catalog.groups["nn"] = first.catalog.groups["nn"]
        XCTAssertEqual(try c.column(second, "from rates where area in (Home, Delta, Alpha) select area, rank(latest, nn)"),
                       [.number(3), .number(3), .number(1)])
    }
}

/// `AreaName.key` points at two spellings of one area, and never at two areas.
final class AreaNameTests: XCTestCase {
    func testSpellingsOfOneAreaShareAKey() {
        for (a, b) in [("Edinburgh, City of", "Edinburgh City"), ("St. Helens", "St Helens"), ("Perth & Kinross", "Perth and Kinross"),
                       ("City of Edinburgh", "Edinburgh City"), ("Sefton Council", "SEFTON"), ("Na h-Eileanan Siar", "Na h Eileanan Siar")] {
            XCTAssertEqual(AreaName.key(a), AreaName.key(b), "\(a) / \(b)")
        }
    }

    func testDifferentAreasKeepDifferentKeys() {
        for (a, b) in [("North Lanarkshire", "South Lanarkshire"), ("East Renfrewshire", "Renfrewshire"), ("Durham", "Darlington"),
                       ("City of London", "London"), ("Westminster", "City of Westminster"), ("St Helens", "St Albans")] {
            XCTAssertNotEqual(AreaName.key(a), AreaName.key(b), "\(a) / \(b)")
        }
    }
}
