import XCTest
@testable import KpiqlEngine
@testable import KpiqlData
@testable import KpiqlReport
@testable import KpiqlBench
@testable import KpiqlFuzzing
@testable import KpiqlShell

/// "did you mean: …": the corrected statement as one line the user can copy.
final class FixTests: XCTestCase {
    func corrected(_ text: String, _ word: String, _ replacement: String) -> String {
        let source = SourceFile(name: "q", text: text)
        let at = text.utf8.count - text[text.range(of: word)!.lowerBound...].utf8.count
        let fix = Fix(replacing: SourceSpan(at, at + word.utf8.count), with: replacement,
                      in: SourceSpan(0, text.utf8.count))
        return fix.corrected(in: source)
    }

    func testLinesJoinButTextInQuotesIsKeptAsTyped() {
        XCTAssertEqual(corrected("where name = \"a  b\"\n   and  counci = 1;", "counci", "council"),
                       "where name = \"a  b\" and council = 1")
    }

    func testCommentsAreLeftOutSoTheLineRunsWhole() {
        XCTAssertEqual(corrected("where status = redd -- the red ones\norder by variance", "redd", "red"),
                       "where status = red order by variance")
        XCTAssertEqual(corrected("where name = \"x -- y\" and stauts = red", "stauts", "status"),
                       "where name = \"x -- y\" and status = red", "-- in quotes is text")
    }

    func testSeveralEditsApplyInOrder() {
        let text = "where status in red, amber"
        let fix = Fix(edits: [.init(span: SourceSpan(26, 26), replacement: ")"), .init(span: SourceSpan(16, 16), replacement: "(")],
                      in: SourceSpan(0, 26))
        XCTAssertEqual(fix.corrected(in: SourceFile(name: "q", text: text)), "where status in (red, amber)")
    }
}
