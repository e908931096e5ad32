/// A named piece of query text (a file, `-c` text, a REPL statement) that spans point into.
///
/// Spans are UTF-8 byte offsets into `text`; line and column are worked out only when a
/// diagnostic is rendered, so the lexer never pays for them.
public struct SourceFile: Sendable {
    public let name: String
    public let text: String
    /// Line number of the first line of `text` (a statement cut from the middle of a file
    /// keeps its real line numbers).
    public let firstLine: Int
    let bytes: [UInt8]

    public init(name: String, text: String, firstLine: Int = 1) {
        self.name = name
        self.text = text
        self.firstLine = firstLine
        self.bytes = Array(text.utf8)
    }

    /// The 1-based line and character column of a byte offset.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        let clamped = max(0, min(offset, bytes.count))
        var line = firstLine
        var lineStart = 0
        for i in 0..<clamped where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        let column = SourceFile.characterCount(bytes[lineStart..<clamped]) + 1
        return (line, column)
    }

    /// The full text of the line holding `offset`, without its newline.
    public func lineText(containing offset: Int) -> (text: String, start: Int) {
        let clamped = max(0, min(offset, bytes.count))
        var start = clamped
        while start > 0 && bytes[start - 1] != 0x0A { start -= 1 }
        var end = clamped
        while end < bytes.count && bytes[end] != 0x0A && bytes[end] != 0x0D { end += 1 }
        return (String(decoding: bytes[start..<end], as: UTF8.self), start)
    }

    /// The text a span covers.
    public func slice(_ span: SourceSpan) -> String {
        let lo = max(0, min(span.start, bytes.count))
        let hi = max(lo, min(span.end, bytes.count))
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }

    /// Number of characters (not bytes) in a UTF-8 slice: continuation bytes are skipped.
    static func characterCount(_ slice: ArraySlice<UInt8>) -> Int {
        var n = 0
        for b in slice where b & 0xC0 != 0x80 { n += 1 }
        return n
    }
}

/// A half-open byte range `[start, end)` in a `SourceFile`.
public struct SourceSpan: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var start: Int
    public var end: Int

    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    /// The smallest span covering both.
    public func merged(with other: SourceSpan) -> SourceSpan {
        SourceSpan(min(start, other.start), max(end, other.end))
    }

    public static let none = SourceSpan(0, 0)
    public var description: String { "\(start)..<\(end)" }
}
