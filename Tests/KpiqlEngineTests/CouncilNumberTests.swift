import XCTest
@testable import KpiqlEngine
@testable import KpiqlData
@testable import KpiqlReport
@testable import KpiqlBench
@testable import KpiqlFuzzing
@testable import KpiqlShell

/// Number formats as council tables print them, placeholders, dates and periods.
final class CouncilNumberTests: XCTestCase {
    func value(_ s: String) -> Double? { CouncilNumber.parse(s)?.value }

    func testPlainNumbers() {
        XCTAssertEqual(value("42"), 42)
        XCTAssertEqual(value(" -3.5 "), -3.5)
        XCTAssertEqual(value(".5"), 0.5)
        XCTAssertEqual(value("1e3"), 1000)
        // Swift reads these as numbers; a council table does not mean them as numbers.
        XCTAssertNil(value("inf"))
        XCTAssertNil(value("nan"))
        XCTAssertNil(value("0x1A"))
        XCTAssertNil(value(""))
        XCTAssertNil(value("-"))
        XCTAssertNil(value("."))
    }

    func testThousandsCurrencyAndPercent() {
        XCTAssertEqual(value("1,412,857"), 1_412_857)
        XCTAssertEqual(value("1,412,857.25"), 1_412_857.25)
        XCTAssertEqual(value("£744,900"), 744_900)
        XCTAssertEqual(value("-£1,200"), -1200)
        XCTAssertEqual(value("£-1,200"), -1200)
        XCTAssertEqual(value("€12.50"), 12.5)
        XCTAssertEqual(value("9.4%"), 9.4)
        XCTAssertEqual(value("12.5 %"), 12.5)
        XCTAssertEqual(value("−3.2"), -3.2)   // U+2212, the typographic minus
        XCTAssertEqual(value("+7"), 7)
    }

    func testGroupsMustBeThreeDigits() {
        // "1,2" is a decimal comma (or a list): kpiql does not guess which.
        XCTAssertNil(value("1,2"))
        XCTAssertNil(value("12,34,567"))
        XCTAssertNil(value("1234,567"))
        XCTAssertNil(value(",123"))
    }

    func testBracketsAreAccountingNegatives() {
        XCTAssertEqual(CouncilNumber.parse("(3.2)"), CouncilNumber.Reading(value: -3.2, bracketed: true))
        XCTAssertEqual(value("(£744,900)"), -744_900)
        XCTAssertEqual(CouncilNumber.parse("-3.2")?.bracketed, false)
        // A bracketed number with a sign inside is not a number; nor is Sefton's arrow and change.
        XCTAssertNil(value("(-3.2)"))
        XCTAssertNil(value("▲ (3.2%)"))
        XCTAssertNil(value("(3.2"))
    }

    func testPlaceholders() {
        for cell in ["N/A", "n/a", "-", "–", "To be reported in Q3", "TBC", "[x]", "#DIV/0!", "not yet available"] {
            XCTAssertTrue(MissingValues.isPlaceholder(cell), cell)
        }
        for cell in ["Good", "0", "Increase", "Sefton", "2023/24"] {
            XCTAssertFalse(MissingValues.isPlaceholder(cell), cell)
        }
    }

    func testDatesAreDayFirstAndISO() {
        XCTAssertEqual(PeriodFormat.isoDate("31/03/2024"), "2024-03-31")
        XCTAssertEqual(PeriodFormat.isoDate("1/4/2024"), "2024-04-01")
        XCTAssertEqual(PeriodFormat.isoDate("2024-03-31"), "2024-03-31")
        XCTAssertEqual(PeriodFormat.isoDate("2024-03-31T09:30:00"), "2024-03-31")
        XCTAssertEqual(PeriodFormat.isoDate("31/03/2024 00:00"), "2024-03-31")
        XCTAssertEqual(PeriodFormat.isoDate("31 March 2024"), "2024-03-31")
        XCTAssertEqual(PeriodFormat.isoDate("2-Sep-24"), "2024-09-02")
        XCTAssertNil(PeriodFormat.isoDate("31/02/2024"))
        XCTAssertNil(PeriodFormat.isoDate("29/02/2023"))
        XCTAssertEqual(PeriodFormat.isoDate("29/02/2024"), "2024-02-29")
        XCTAssertNil(PeriodFormat.isoDate("2023/24"))
        XCTAssertNil(PeriodFormat.isoDate("13/13/2024"))
    }

    func testPeriodsAndTheirOrder() {
        for p in ["2023/24", "23/24", "2023-24", "2023/2024", "Q1 2024/25", "2024/25 Q1", "Jun-24", "June 2024", "2019 - 21", "Q3"] {
            XCTAssertTrue(PeriodFormat.isPeriod(p), p)
        }
        for p in ["2023-25", "Good", "2024", "Q5", "Outturn"] { XCTAssertFalse(PeriodFormat.isPeriod(p), p) }
        let keys = ["2022/23", "Q1 2023/24", "Q2 2023/24", "2023/24"].map { PeriodFormat.sortKey($0)! }
        XCTAssertLessThan(keys[0], keys[1])
        XCTAssertLessThan(keys[1], keys[2])
        XCTAssertEqual(PeriodFormat.sortKey("2024-06"), PeriodFormat.sortKey("Jun-24"))
    }
}
