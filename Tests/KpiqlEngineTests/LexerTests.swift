import XCTest
@testable import KpiqlEngine
@testable import KpiqlData
@testable import KpiqlReport
@testable import KpiqlBench
@testable import KpiqlFuzzing
@testable import KpiqlShell

/// The lexer's edge cases: quotes, comments, numbers, parameters and byte-accurate spans.
final class LexerTests: XCTestCase {
    func kinds(_ s: String) throws -> [Token.Kind] { try Lexer.tokenize(s).map(\.kind) }

    func testKeywordsAreCaseInsensitiveAndIdentifiersKeepTheirCase() throws {
        let t = try Lexer.tokenize("WHERE Status")
        XCTAssertEqual(t[0].kind, .keyword(.where))
        XCTAssertEqual(t[1].kind, .identifier)
        XCTAssertEqual(t[1].text, "Status")
    }

    func testStringsWithDoubledQuotesAndBothQuoteKinds() throws {
        XCTAssertEqual(try kinds(#""say ""hi""" 'it''s'"#), [.string("say \"hi\""), .string("it's"), .end])
    }

    func testCommentsRunToEndOfLine() throws {
        XCTAssertEqual(try kinds("a -- b c\nd"), [.identifier, .identifier, .end])
    }

    func testNumbers() throws {
        XCTAssertEqual(try kinds("1 2.5 .5 1e3 1.5E-2"), [.number(1), .number(2.5), .number(0.5), .number(1000), .number(0.015), .end])
    }

    func testNotEqualSpellings() throws {
        XCTAssertEqual(try kinds("!= <> <= >="), [.op("!="), .op("!="), .op("<="), .op(">="), .end])
    }

    func testParametersAndBacktickIdentifiers() throws {
        let t = try Lexer.tokenize("$priority `from`")
        XCTAssertEqual(t[0].kind, .parameter("priority"))
        XCTAssertEqual(t[1].kind, .identifier)
        XCTAssertEqual(t[1].text, "from")
    }

    func testSpansAreByteOffsetsAndColumnsAreCharacters() throws {
        let text = "name = \"£é\" and x"
        let t = try Lexer.tokenize(text)
        XCTAssertEqual(t[2].span, SourceSpan(7, 13))   // "£é" is 4 bytes plus 2 quotes
        let src = SourceFile(name: "q", text: text)
        XCTAssertEqual(src.location(of: t[4].span.start).column, 17)
    }

    func testUnclosedStringPointsAtItsStart() {
        XCTAssertThrowsError(try Lexer.tokenize("x = \"abc")) { e in
            XCTAssertEqual((e as? Diagnostic)?.span, SourceSpan(4, 5))
        }
    }

    func testNumberRunningIntoWordIsAnError() {
        XCTAssertThrowsError(try Lexer.tokenize("limit 10rows"))
    }

    func testUnknownCharacterCoversTheWholeCharacter() {
        XCTAssertThrowsError(try Lexer.tokenize("a ▲ b")) { e in
            XCTAssertEqual((e as? Diagnostic)?.span, SourceSpan(2, 5))
        }
    }
}
