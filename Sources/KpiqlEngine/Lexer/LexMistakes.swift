/// The lexer's answers to mistakes people bring from SQL, spreadsheets and other languages:
/// each says what kpiql writes instead, and where it can, shows the corrected statement.
enum LexMistakes {
    static func foreignComment(_ span: SourceSpan, _ opener: String) -> Diagnostic {
        Diagnostic(.query, code: "K003", "'\(opener)' does not start a comment in kpiql", span: span,
                   hints: ["a comment starts with -- and runs to the end of the line"])
    }
}

extension Lexer {
    /// `id = E&S-006`: a code with '&' in it, written without quotes. The whole word (letters,
    /// digits, '&', '-' and '_' around the '&') is offered back in quotes.
    func unquotedCode(around at: Int) -> Diagnostic? {
        func isCodeByte(_ b: UInt8) -> Bool {
            (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || (b >= 0x30 && b <= 0x39) || b == 0x26 || b == 0x2D || b == 0x5F
        }
        var lo = at, hi = at + 1
        while lo > 0 && isCodeByte(bytes[lo - 1]) { lo -= 1 }
        while hi < bytes.count && isCodeByte(bytes[hi]) { hi += 1 }
        guard hi - lo > 1 else { return nil }
        let word = String(decoding: bytes[lo..<hi], as: UTF8.self)
        return Diagnostic(.query, code: "K004", "\(word) is text: a value with '&' in it must be in quotes", span: span(lo, hi),
                          hints: ["text goes in quotes: \"\(word)\""],
                          fix: Fix(replacing: span(lo, hi), with: "\"\(word)\"", in: span(0, lineEnd(from: hi))))
    }

    /// Text opened and never closed. When the line goes on to more lines, they were all read as
    /// part of the text, so the diagnostic says so and offers to close it on its own line.
    func unclosedText(at start: Int, quote: UInt8) -> Diagnostic {
        if quote == 0x27, let d = apostrophe(before: start) { return d }
        let q = quote == 0x22 ? "\"" : "'"
        var hints = ["end the text with \(q); to put a \(q) inside it, double it (\(q)\(q))"]
        let end = lineEnd(from: start)
        var trimmed = end
        while trimmed > start + 1 && [0x20, 0x09, 0x0D, 0x3B].contains(bytes[trimmed - 1]) { trimmed -= 1 }
        let later = end < bytes.count
            ? bytes[(end + 1)...].split(separator: 0x0A).filter { $0.contains { $0 > 0x20 } }.count : 0
        if later > 0 {
            hints.insert("it runs on to the end, so the \(later == 1 ? "line" : "\(later) lines") after it \(later == 1 ? "was" : "were") read as part of the text", at: 0)
        }
        return Diagnostic(.query, code: "K001", "text starting here is never closed", span: span(start, start + 1), hints: hints,
                          fix: Fix(replacing: span(trimmed, trimmed), with: q, in: span(0, trimmed)))
    }

    /// `'Children's Social Care'`: the apostrophe closed the text, and the last quote opened
    /// another that never closes. Found as a quote between two letters earlier on the line.
    func apostrophe(before start: Int) -> Diagnostic? {
        func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
        var lineStart = start
        while lineStart > 0 && bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
        guard let a = (lineStart + 1..<max(lineStart + 1, start - 1)).first(where: { bytes[$0] == 0x27 && isLetter(bytes[$0 - 1]) && isLetter(bytes[$0 + 1]) }),
              let open = (lineStart..<a).last(where: { bytes[$0] == 0x27 }) else { return nil }
        let inner = String(decoding: bytes[(open + 1)..<start], as: UTF8.self)
        return Diagnostic(.query, code: "K001", "the apostrophe here ends the text that starts with '", span: span(a, a + 1),
                          hints: ["text with an apostrophe goes in double quotes, or double the apostrophe: 'Children''s'"],
                          fix: Fix(replacing: span(open, start + 1), with: "\"" + inner.replacingOccurrences(of: "\"", with: "\"\"") + "\"",
                                   in: span(0, lineEnd(from: start))))
    }

    /// The offset of the end of the line holding `from` (its newline, or the end of the text).
    func lineEnd(from: Int) -> Int {
        var e = from
        while e < bytes.count && bytes[e] != 0x0A { e += 1 }
        return e
    }
}
