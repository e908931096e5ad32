import XCTest
@testable import KpiqlEngine
@testable import KpiqlData
@testable import KpiqlReport
@testable import KpiqlBench
@testable import KpiqlFuzzing
@testable import KpiqlShell

/// The RAG rule at its boundaries (St Helens' "within 95% of target").
final class StatusRuleTests: XCTestCase {
    let g = StatusRule.green, a = StatusRule.amber, r = StatusRule.red

    func testHighIsBetter() {
        XCTAssertEqual(StatusRule.classify(latest: 100, target: 100, goodHigh: true, tolerance: 5), g)
        XCTAssertEqual(StatusRule.classify(latest: 95, target: 100, goodHigh: true, tolerance: 5), a)   // exactly 95%
        XCTAssertEqual(StatusRule.classify(latest: 94.99, target: 100, goodHigh: true, tolerance: 5), r)
    }

    func testLowIsBetterUsesTargetOverLatest() {
        XCTAssertEqual(StatusRule.classify(latest: 40, target: 40, goodHigh: false, tolerance: 5), g)
        // 38/40 = 0.95: amber; the ratio is target/latest, not latest/target.
        XCTAssertEqual(StatusRule.classify(latest: 40, target: 38, goodHigh: false, tolerance: 5), a)
        XCTAssertEqual(StatusRule.classify(latest: 40.1, target: 38, goodHigh: false, tolerance: 5), r)
    }

    func testToleranceMovesTheBand() {
        XCTAssertEqual(StatusRule.classify(latest: 91, target: 100, goodHigh: true, tolerance: 10), a)
        XCTAssertEqual(StatusRule.classify(latest: 91, target: 100, goodHigh: true, tolerance: 5), r)
    }

    func testMissingInputsGiveMissingStatus() {
        let m = EnumDomain.missingCode
        XCTAssertEqual(StatusRule.classify(latest: .nan, target: 1, goodHigh: true, tolerance: 5), m)
        XCTAssertEqual(StatusRule.classify(latest: 1, target: .nan, goodHigh: true, tolerance: 5), m)
        XCTAssertEqual(StatusRule.classify(latest: 1, target: 1, goodHigh: nil, tolerance: 5), m)
    }

    func testZeroTargetHasStatusButNoVariance() {
        // Sefton W08: rough sleepers, target 0, latest 3, lower is better.
        XCTAssertEqual(StatusRule.classify(latest: 3, target: 0, goodHigh: false, tolerance: 5), r)
        XCTAssertTrue(StatusRule.variance(latest: 3, target: 0, goodHigh: false).isNaN)
    }

    func testPublishedVarianceRuleMatchesStHelensBorderlines() {
        // CC-002 at exactly -5% (higher is better) and CYP-013 at -5.12% (lower is better) are amber in 4.1.
        XCTAssertEqual(StatusRule.classify(publishedVariance: -5, goodHigh: true, tolerance: 5), a)
        XCTAssertEqual(StatusRule.classify(publishedVariance: -5.12, goodHigh: false, tolerance: 5), a)
        XCTAssertEqual(StatusRule.classify(publishedVariance: -5.3, goodHigh: false, tolerance: 5), r)
        XCTAssertEqual(StatusRule.classify(publishedVariance: -5.01, goodHigh: true, tolerance: 5), r)
    }

    func testVarianceSignIsPositiveWhenBetter() {
        XCTAssertEqual(StatusRule.variance(latest: 28, target: 21, goodHigh: false), -100.0 / 3, accuracy: 1e-9)
        XCTAssertEqual(StatusRule.variance(latest: 78, target: 89, goodHigh: true), -1100.0 / 89, accuracy: 1e-9)
        XCTAssertEqual(StatusRule.gap(latest: 78, target: 89, goodHigh: true), 11)
        XCTAssertEqual(StatusRule.gap(latest: 95, target: 89, goodHigh: true), 0)
    }

    func testRoundHalfAwayFromZero() {
        XCTAssertEqual(NumberFormat.round(45.45, 0), 45)
        XCTAssertEqual(NumberFormat.round(22.5, 0), 23)
        XCTAssertEqual(NumberFormat.round(-2.5, 0), -3)
        XCTAssertEqual(NumberFormat.round(1.005, 2), 1.01)
    }
}
