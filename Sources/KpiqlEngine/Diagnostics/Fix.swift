/// A correction of the user's statement: text to put in place of one or more spans. A
/// diagnostic that carries one shows the whole corrected statement, so the user can copy it:
///
///     hint: did you mean: where council = "St Helens"
///
/// The stage that raises the error knows what to change; the renderer, which holds the source,
/// writes the statement around it.
public struct Fix: Equatable, Sendable {
    /// One change: the bytes of `span` replaced (an empty span inserts at its start).
    public struct Edit: Equatable, Sendable {
        public var span: SourceSpan
        public var replacement: String
    }

    /// In source order, not overlapping.
    public var edits: [Edit]
    /// The statement the fix belongs to: what "did you mean" shows.
    public var statement: SourceSpan

    public init(replacing span: SourceSpan, with replacement: String, in statement: SourceSpan) {
        self.init(edits: [Edit(span: span, replacement: replacement)], in: statement)
    }

    public init(edits: [Edit], in statement: SourceSpan) {
        self.edits = edits.sorted { $0.span.start < $1.span.start }
        self.statement = edits.reduce(statement) { $0.merged(with: $1.span) }
    }

    /// The statement with the fix applied, on one line: line breaks and indentation outside
    /// quotes become one space, and `--` comments are left out (on one line they would
    /// comment out the rest).
    public func corrected(in source: SourceFile) -> String {
        var text = ""
        var at = statement.start
        for e in edits {
            text += source.slice(SourceSpan(at, e.span.start)) + e.replacement
            at = e.span.end
        }
        text += source.slice(SourceSpan(at, statement.end))
        var lexer = Lexer(text)
        var out: [UInt8] = []
        while let s = lexer.nextSegment() {
            switch s.kind {
            case .comment: continue
            case .quoted: out += lexer.text[s.range]
            case .code:
                for b in lexer.text[s.range] {
                    if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
                        if !out.isEmpty && out.last != 0x20 { out.append(0x20) }
                    } else {
                        out.append(b)
                    }
                }
            }
        }
        while out.last == 0x20 || out.last == 0x3B { out.removeLast() }   // trailing space and ';'
        return String(decoding: out, as: UTF8.self)
    }
}
