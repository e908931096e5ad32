import Foundation
import KpiqlEngine

/// The tokens of a partly typed query: just enough to tell what the cursor comes after.
struct QueryScanner {
    struct Token: Equatable {
        enum Kind { case word, string, name, symbol }
        var kind: Kind
        /// As typed, quotes included.
        var text: String
        /// False for a string or `name` still open at the end of the text.
        var closed = true
        /// A `backticked name` without its backticks.
        var bare: String { kind == .name ? text.trimmingCharacters(in: CharacterSet(charactersIn: "`")) : text }
    }

    private(set) var tokens: [Token] = []
    /// The text ends inside a `--` comment.
    private(set) var inComment = false
    /// Nothing is being typed at the end (empty text, or a space last).
    let endsInSpace: Bool

    /// Quoted text, names in backticks and comments are found by the lexer's own rules
    /// (`Lexer.nextSegment`); only the code between them is cut into words and symbols here.
    init(_ text: String) {
        endsInSpace = text.last?.isWhitespace ?? true
        var lexer = Lexer(text)
        let bytes = lexer.text
        while let seg = lexer.nextSegment() {
            let piece = String(decoding: bytes[seg.range], as: UTF8.self)
            switch seg.kind {
            case .comment:
                if seg.range.upperBound == bytes.count { inComment = true }
            case .quoted:
                tokens.append(Token(kind: piece.hasPrefix("`") ? .name : .string, text: piece, closed: seg.closed))
            case .code:
                scanCode(Array(piece))
            }
        }
    }

    private mutating func scanCode(_ c: [Character]) {
        func isWord(_ ch: Character) -> Bool { ch.isLetter || ch.isNumber || ch == "_" || ch == "$" || ch == "." }
        var i = 0
        while i < c.count {
            let ch = c[i]
            if ch.isWhitespace { i += 1; continue }
            if isWord(ch) {
                var j = i
                while j < c.count && isWord(c[j]) { j += 1 }
                tokens.append(Token(kind: .word, text: String(c[i..<j])))
                i = j
                continue
            }
            let pair = i + 1 < c.count ? String(c[i...(i + 1)]) : ""
            let op = ["!=", "<>", "<=", ">="].contains(pair) ? pair : String(ch)
            tokens.append(Token(kind: .symbol, text: op))
            i += op.count
        }
    }
}
