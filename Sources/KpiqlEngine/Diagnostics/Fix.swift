/// A correction of the user's statement: the text to put in place of one span. A diagnostic
/// that carries one shows the whole corrected statement, so the user can copy it:
///
///     hint: did you mean: where council = "St Helens"
///
/// The stage that raises the error knows what to change; the renderer, which holds the source,
/// writes the statement around it.
public struct Fix: Equatable, Sendable {
    /// The bytes to replace (empty to insert at `span.start`).
    public var span: SourceSpan
    public var replacement: String
    /// The statement the fix belongs to: what "did you mean" shows.
    public var statement: SourceSpan

    public init(replacing span: SourceSpan, with replacement: String, in statement: SourceSpan) {
        self.span = span
        self.replacement = replacement
        self.statement = statement.merged(with: span)
    }

    /// The statement with the fix applied, on one line. A statement written over several lines
    /// with `--` comments shows only the lines that change, since joining them would comment
    /// out the rest.
    public func corrected(in source: SourceFile) -> String {
        let before = source.slice(SourceSpan(statement.start, span.start))
        let after = source.slice(SourceSpan(span.end, statement.end))
        var text = before + replacement + after
        if text.contains("--") {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            var offset = 0, first = 0, last = lines.count - 1
            let lo = before.utf8.count, hi = lo + replacement.utf8.count
            for (i, line) in lines.enumerated() {
                let end = offset + line.utf8.count
                if offset <= lo && lo <= end { first = i }
                if offset <= hi && hi <= end { last = i; break }
                offset = end + 1
            }
            text = lines[first...max(first, last)].joined(separator: "\n")
        }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
        var line = words.joined(separator: " ")
        if line.hasSuffix(";") { line.removeLast() }
        return line
    }
}
