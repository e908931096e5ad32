import XCTest
@testable import KpiqlEngine
@testable import KpiqlData
@testable import KpiqlReport
@testable import KpiqlBench
@testable import KpiqlFuzzing
@testable import KpiqlShell

/// Escaping of data on its way into a report, and St Helens' `<p>` commentary as paragraphs.
final class HTMLEscapeTests: XCTestCase {
    func testEscapesMarkupCharacters() {
        XCTAssertEqual(HTMLEscape.text(#"<script>alert("x") & 'y'</script>"#),
                       "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;")
        XCTAssertEqual(HTMLEscape.text(#""><img src=x onerror="a()">"#), "&quot;&gt;&lt;img src=x onerror=&quot;a()&quot;&gt;")
        XCTAssertEqual(HTMLEscape.text("</style>"), "&lt;/style&gt;")
        XCTAssertEqual(HTMLEscape.text("£1.2m – ▲ Children's"), "£1.2m – ▲ Children&#39;s")
    }

    func testDropsControlCharacters() {
        XCTAssertEqual(HTMLEscape.text("a\u{0}b\u{1B}[31mc\td\ne"), "ab[31mc\td\ne")
    }

    func testParagraphMarkupSplitsParagraphs() {
        let commentary = "<p>There has been a small decrease.</p> <p>Action for Improvement – monitor.</p>"
        XCTAssertEqual(HTMLEscape.paragraphs(commentary), ["There has been a small decrease.", "Action for Improvement – monitor."])
        XCTAssertEqual(HTMLEscape.paragraphsHTML(commentary),
                       "<p>There has been a small decrease.</p>\n<p>Action for Improvement – monitor.</p>")
    }

    func testBlankLinesSplitAndOtherMarkupStaysText() {
        XCTAssertEqual(HTMLEscape.paragraphs("One.\n\nTwo\nlines.\r\n \r\nThree <b>bold</b>"), ["One.", "Two\nlines.", "Three <b>bold</b>"])
        XCTAssertEqual(HTMLEscape.paragraphsHTML("Two\nlines <P >and <b>x</b></p>"),
                       "<p>Two<br>lines</p>\n<p>and &lt;b&gt;x&lt;/b&gt;</p>")
        XCTAssertEqual(HTMLEscape.paragraphsHTML("<pre>not a paragraph</pre>"), "<p>&lt;pre&gt;not a paragraph&lt;/pre&gt;</p>")
        XCTAssertEqual(HTMLEscape.paragraphs("  <p></p>\n\n "), [])
    }

    func testScriptInsideParagraphsIsText() {
        let html = HTMLEscape.paragraphsHTML("<p><script>document.title='pwned'</script></p>")
        XCTAssertEqual(html, "<p>&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;</p>")
    }
}
