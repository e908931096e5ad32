/// Turns query text into tokens. Works on UTF-8 bytes; spans are byte offsets.
///
/// Comments run from `--` to the end of the line. Strings take double or single quotes, with
/// the quote doubled inside (`"say ""hi"""`) — the SQL convention analysts know from Excel.
public struct Lexer {
    let bytes: [UInt8]
    var pos = 0
    /// Where the text being lexed starts in its `SourceFile` (statements cut from a file).
    let base: Int

    public init(_ text: String, base: Int = 0) {
        self.bytes = Array(text.utf8)
        self.base = base
    }

    init(bytes: ArraySlice<UInt8>, base: Int) {
        self.bytes = Array(bytes)
        self.base = base
    }

    public static let maxTokens = 1_000_000

    /// All tokens, ending with `.end`; the first lexical error stops it.
    public static func tokenize(_ text: String, base: Int = 0) throws(Diagnostic) -> [Token] {
        var lexer = Lexer(text, base: base)
        var tokens: [Token] = []
        while true {
            let before = lexer.pos
            var t = try lexer.next()
            t.startsLine = before == 0 || lexer.bytes[before..<max(before, t.span.start - lexer.base)].contains(0x0A)
            tokens.append(t)
            if t.kind == .end { return tokens }
            // A bound on work and memory for a pasted or generated monster of a query.
            if tokens.count > maxTokens {
                throw Diagnostic(.query, code: "K002", "the query has more than \(maxTokens) words and symbols", span: t.span,
                                 hints: ["split it into smaller queries; a long list of values fits in 'FIELD in (…)'"])
            }
        }
    }

    mutating func next() throws(Diagnostic) -> Token {
        skipSpaceAndComments()
        guard pos < bytes.count else { return Token(.end, span(pos, pos), "") }
        let start = pos
        let c = bytes[pos]
        if isIdentStart(c) {
            while pos < bytes.count && isIdentPart(bytes[pos]) { pos += 1 }
            let text = String(decoding: bytes[start..<pos], as: UTF8.self)
            if let k = Keyword(rawValue: text.lowercased()) { return Token(.keyword(k), span(start, pos), text) }
            // `was.status`: a field qualified by its table in a join is one name, one caret.
            if pos + 1 < bytes.count && bytes[pos] == 0x2E && isIdentStart(bytes[pos + 1]) {
                pos += 1
                while pos < bytes.count && isIdentPart(bytes[pos]) { pos += 1 }
                return Token(.identifier, span(start, pos), String(decoding: bytes[start..<pos], as: UTF8.self))
            }
            return Token(.identifier, span(start, pos), text)
        }
        if isDigit(c) || (c == 0x2E && pos + 1 < bytes.count && isDigit(bytes[pos + 1])) {
            return try number(start)
        }
        switch c {
        case 0x22, 0x27: return try string(start, quote: c)
        case 0x60: return try quotedIdentifier(start)
        case 0x24:
            pos += 1
            let nameStart = pos
            while pos < bytes.count && isIdentPart(bytes[pos]) { pos += 1 }
            guard pos > nameStart else {
                throw LexError.at(span(start, pos), "'$' must be followed by a parameter name",
                                  hint: "write a parameter as $name, for example $priority")
            }
            let name = String(decoding: bytes[nameStart..<pos], as: UTF8.self)
            return Token(.parameter(name), span(start, pos), "$" + name)
        default: break
        }
        let two = pos + 1 < bytes.count ? String(decoding: bytes[pos...pos + 1], as: UTF8.self) : ""
        // SQL's `<>` and C's `==` mean what kpiql writes `!=` and `=`: accepted as written.
        if ["!=", "<>", "<=", ">=", "=="].contains(two) {
            pos += 2
            return Token(.op(two == "<>" ? "!=" : two == "==" ? "=" : two), span(start, pos), two)
        }
        if two == "/*" || two == "//" { throw LexMistakes.foreignComment(span(start, start + 2), two) }
        if let s = String(bytes: [c], encoding: .ascii), "=<>+-*/(),;%".contains(s) {
            pos += 1
            return Token(.op(s), span(start, pos), s)
        }
        // An unknown character: report the whole character, not one byte of it.
        var end = pos + 1
        while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
        let ch = String(decoding: bytes[pos..<end], as: UTF8.self)
        pos = end
        if ch == "#" { throw LexMistakes.foreignComment(span(start, end), ch) }
        if ch == "&", let d = unquotedCode(around: start) { throw d }
        let hint: String? = ch == "“" || ch == "”" || ch == "‘" || ch == "’"
            ? "curly quotes come from word processors; type straight quotes (\") instead"
            : (ch == "!" ? "write 'not' or '!=' " : (ch == "." && (pos == 1 || bytes[pos - 2] == 0x0A)
                ? "a dot command must start a statement: end the query before it with ';'" : nil))
        throw LexError.at(span(start, end), "unexpected character '\(ch)'", hint: hint)
    }

    private mutating func number(_ start: Int) throws(Diagnostic) -> Token {
        while pos < bytes.count && isDigit(bytes[pos]) { pos += 1 }
        if pos < bytes.count && bytes[pos] == 0x2E { pos += 1; while pos < bytes.count && isDigit(bytes[pos]) { pos += 1 } }
        if pos < bytes.count && (bytes[pos] | 0x20) == 0x65 {
            var p = pos + 1
            if p < bytes.count && (bytes[p] == 0x2B || bytes[p] == 0x2D) { p += 1 }
            if p < bytes.count && isDigit(bytes[p]) {
                pos = p
                while pos < bytes.count && isDigit(bytes[pos]) { pos += 1 }
            }
        }
        if pos < bytes.count && isIdentStart(bytes[pos]) {
            var end = pos
            while end < bytes.count && isIdentPart(bytes[end]) { end += 1 }
            throw LexError.at(span(start, end), "a number cannot run into a word",
                              hint: "put a space between the number and the word")
        }
        let text = String(decoding: bytes[start..<pos], as: UTF8.self)
        guard let v = Double(text) else {
            throw LexError.at(span(start, pos), "'\(text)' is not a number")
        }
        return Token(.number(v), span(start, pos), text)
    }

    private mutating func string(_ start: Int, quote: UInt8) throws(Diagnostic) -> Token {
        let (end, closed) = quotedEnd(from: start)
        guard closed else { throw unclosedText(at: start, quote: quote) }
        pos = end
        var value: [UInt8] = []
        value.reserveCapacity(end - start - 2)
        var i = start + 1
        while i < end - 1 {
            value.append(bytes[i])
            i += bytes[i] == quote ? 2 : 1   // a doubled quote stands for one
        }
        let text = String(decoding: bytes[start..<pos], as: UTF8.self)
        return Token(.string(String(decoding: value, as: UTF8.self)), span(start, pos), text)
    }

    private mutating func quotedIdentifier(_ start: Int) throws(Diagnostic) -> Token {
        let (end, closed) = quotedEnd(from: start)
        guard closed else {
            throw LexError.at(span(start, start + 1), "field name in backticks is never closed", hint: "end it with `")
        }
        pos = end
        let name = String(decoding: bytes[(start + 1)..<(end - 1)], as: UTF8.self)
        return Token(.identifier, span(start, pos), name)
    }

    /// The quote rule, for the lexer and for `nextSegment` alike: text in `"` or `'` runs to the
    /// matching quote, a doubled quote standing for one; a field name in backticks ends at the
    /// line's end. Returns the offset just past the closing quote (or where the search stopped).
    func quotedEnd(from start: Int) -> (end: Int, closed: Bool) {
        let quote = bytes[start]
        var i = start + 1
        while i < bytes.count {
            let b = bytes[i]
            if b == quote {
                if quote != 0x60 && i + 1 < bytes.count && bytes[i + 1] == quote { i += 2; continue }
                return (i + 1, true)
            }
            if quote == 0x60 && b == 0x0A { return (i, false) }
            i += 1
        }
        return (i, false)
    }

    /// The comment rule: `--` to the end of the line. The offset of the line's end, or nil
    /// when no comment starts at `i`.
    func commentEnd(at i: Int) -> Int? {
        guard i + 1 < bytes.count, bytes[i] == 0x2D, bytes[i + 1] == 0x2D else { return nil }
        return lineEnd(from: i)
    }

    private mutating func skipSpaceAndComments() {
        while pos < bytes.count {
            let c = bytes[pos]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { pos += 1; continue }
            if let end = commentEnd(at: pos) { pos = end; continue }
            // A UTF-8 no-break space (from copying out of a PDF) is space too.
            if c == 0xC2 && pos + 1 < bytes.count && bytes[pos + 1] == 0xA0 { pos += 2; continue }
            break
        }
    }

    func span(_ a: Int, _ b: Int) -> SourceSpan { SourceSpan(base + a, base + b) }
    private func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    private func isIdentStart(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A || c == 0x5F }
    private func isIdentPart(_ c: UInt8) -> Bool { isIdentStart(c) || isDigit(c) }
}

/// Factories for the lexer's diagnostics (codes K0xx).
enum LexError {
    static func at(_ span: SourceSpan, _ message: String, hint: String? = nil) -> Diagnostic {
        Diagnostic(.query, code: "K001", message, span: span, hints: hint.map { [$0] } ?? [])
    }
}

extension Lexer {
    /// The names of the `$parameters` a query uses, in order of first use (none when the text
    /// does not lex: its error is reported when it runs).
    public static func parameterNames(in query: String) -> [String] {
        var names: [String] = []
        guard let tokens = try? Lexer.tokenize(query) else { return names }
        for t in tokens { if case .parameter(let p) = t.kind, !names.contains(p) { names.append(p) } }
        return names
    }
}
