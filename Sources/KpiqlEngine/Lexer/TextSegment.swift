/// A stretch of query text as the lexer sees it, without making tokens: code, quoted text or
/// a field name in backticks, or a `--` comment. Cutting a script into statements, deciding
/// whether a REPL line is complete and joining a history entry's lines all walk these, so the
/// quote and comment rules live in the lexer alone.
public struct TextSegment: Equatable, Sendable {
    public enum Kind: Sendable { case code, quoted, comment }
    public var kind: Kind
    /// UTF-8 byte offsets into the text.
    public var range: Range<Int>
    /// For quoted text: whether its closing quote was found.
    public var closed: Bool
}

extension Lexer {
    /// The next segment from `pos` on, or nil at the end of the text. Never fails: text that is
    /// never closed is a quoted segment with `closed` false.
    public mutating func nextSegment() -> TextSegment? {
        guard pos < bytes.count else { return nil }
        let start = pos
        let c = bytes[pos]
        if c == 0x22 || c == 0x27 || c == 0x60 {
            let (end, closed) = quotedEnd(from: start)
            pos = end
            return TextSegment(kind: .quoted, range: start..<end, closed: closed)
        }
        if let end = commentEnd(at: pos) {
            pos = end
            return TextSegment(kind: .comment, range: start..<end, closed: true)
        }
        while pos < bytes.count, bytes[pos] != 0x22, bytes[pos] != 0x27, bytes[pos] != 0x60, commentEnd(at: pos) == nil { pos += 1 }
        return TextSegment(kind: .code, range: start..<pos, closed: true)
    }

    /// Restarts the segment walk at `offset` (a dot command ends at its line, whatever it holds,
    /// so the walk resumes after it even from the middle of a segment).
    public mutating func seek(to offset: Int) { pos = min(max(0, offset), bytes.count) }

    /// The bytes of the text being walked.
    public var text: [UInt8] { bytes }
}
