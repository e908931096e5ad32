import XCTest
@testable import KpiqlEngine
@testable import KpiqlData
@testable import KpiqlReport
@testable import KpiqlBench
@testable import KpiqlFuzzing
@testable import KpiqlShell

/// The linear-time matcher behind `matches`: the usual syntax, case-insensitive, and no
/// blow-up on patterns that make backtracking engines take exponential time.
final class LinearRegexTests: XCTestCase {
    func m(_ p: String, _ s: String) throws -> Bool { try LinearRegex(p).matches(s) }

    func testBasics() throws {
        XCTAssertTrue(try m("foster", "Placed with Foster Carers"))
        XCTAssertTrue(try m("^CYP-00[0-9][AB]$", "cyp-008a"))
        XCTAssertFalse(try m("^CYP-00[0-9][AB]$", "CYP-008"))
        XCTAssertTrue(try m("a(b|c)+d", "xxabcbcdyy"))
        XCTAssertTrue(try m("^\\d{3}-\\d{2,}$", "123-4567"))
        XCTAssertFalse(try m("^\\d{3}-\\d{2,}$", "123-4"))
        XCTAssertTrue(try m("colou?r", "COLOR"))
        XCTAssertTrue(try m("[^a-z ]", "abc 1"))
        XCTAssertTrue(try m("", "anything"))
        XCTAssertTrue(try m("£\\d+", "cost £744,900"))
        XCTAssertTrue(try m("\\.", "a.b"))
        XCTAssertFalse(try m("\\.", "ab"))
        XCTAssertTrue(try m("(?:ab)*$", "x"))
    }

    func testCatastrophicPatternsRunInLinearTime() throws {
        // (a+)+$ against 30 a's and a '!' is 2^30 steps for a backtracking engine.
        let text = String(repeating: "a", count: 30_000) + "!"
        XCTAssertFalse(try m("(a+)+$", text))
        XCTAssertFalse(try m("(a|a)*b", text))
        XCTAssertFalse(try m("(.*a){20}$", text))
    }

    func testRefusedPatternsSayWhy() {
        for (p, needle) in [("(a", "never closed"), ("a)", "unmatched"), ("*a", "nothing to repeat"), ("(a)\\1", "backreferences"),
                            ("(?=a)", "look-arounds"), ("[z-a]", "backwards"), ("a{1000}", "above 100"), ("[abc", "never closed")] {
            XCTAssertThrowsError(try LinearRegex(p), p) { e in
                XCTAssertTrue((e as! RegexError).message.contains(needle), "\(p): \((e as! RegexError).message)")
            }
        }
    }

    func testProgramSizeIsBounded() {
        XCTAssertThrowsError(try LinearRegex("((((a{100}){100}){100}){100})"))
    }
}
