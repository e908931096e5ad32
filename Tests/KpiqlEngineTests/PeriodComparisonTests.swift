import XCTest
@testable import KpiqlEngine
@testable import KpiqlData
@testable import KpiqlReport
@testable import KpiqlBench
@testable import KpiqlFuzzing
@testable import KpiqlShell

/// Which period a latest value is compared with: like with like, or none and why.
final class PeriodComparisonTests: XCTestCase {
    func choose(_ v: [Double], annual: [Bool] = [], cumulative: Bool = false, perYear: Int = 4) -> PeriodComparison {
        PeriodComparison.choose(count: v.count, value: { v[$0] }, annual: { $0 < annual.count && annual[$0] },
                                cumulative: cumulative, periodsPerYear: perYear)
    }

    func testAQuarterAgainstTheQuarterBefore() {
        XCTAssertEqual(choose([87, 89, 87], annual: [true, false, false]), PeriodComparison(latest: 2, previous: 1, reason: .compared))
    }

    /// St Helens CYP-013: Q1 41 is not compared with the 23/24 outturn 175.
    func testAQuarterIsNotComparedWithAWholeYear() {
        let c = choose([175, 41, .nan], annual: [true, false, false])
        XCTAssertEqual(c, PeriodComparison(latest: 1, previous: 0, reason: .differentKind))
        XCTAssertEqual(c.text(labels: ["23/24 outturn", "Q1 June", "Q2 Sept"]),
                       "Q1 June and 23/24 outturn are different kinds of period (a quarter and a whole year)")
    }

    /// St Helens CYP-001: Q2 year to date is not compared with Q1 year to date.
    func testYearToDateNeedsTheSamePointAYearEarlier() {
        XCTAssertEqual(choose([1580, 402, 691], annual: [true, false, false], cumulative: true).reason, .yearAgoNotInData)
        // Sefton C16: termly year to date, three terms back is the same point of the year before.
        XCTAssertEqual(choose([24.9, 24.8, 24.7, 21.9], cumulative: true, perYear: 3), PeriodComparison(latest: 3, previous: 0, reason: .compared))
        XCTAssertEqual(choose([.nan, 24.8, 24.7, 21.9], cumulative: true, perYear: 3).reason, .yearAgoBlank)
        // An annual cumulative total is compared with the year before.
        XCTAssertEqual(choose([10, 12], cumulative: true, perYear: 1), PeriodComparison(latest: 1, previous: 0, reason: .compared))
    }

    /// A blank period before latest is not skipped.
    func testABlankPeriodIsNotSkipped() {
        XCTAssertEqual(choose([4, 3, .nan, 2]), PeriodComparison(latest: 3, previous: 2, reason: .gap))
        XCTAssertEqual(choose([.nan, .nan, .nan, 7931]).reason, .onlyPeriod)
        XCTAssertEqual(choose([1, 2, 3, .nan]), PeriodComparison(latest: 2, previous: 1, reason: .compared), "latest is the last value")
        XCTAssertEqual(choose([.nan, .nan]).reason, .noValue)
    }
}
