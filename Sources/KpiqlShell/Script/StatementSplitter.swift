import Foundation
import KpiqlEngine
import KpiqlData

/// Cuts script text into statements: queries end at `;` (or the end of the text), and a
/// line starting with `.` at the start of a statement is a dot command ending at the line's end.
/// Quotes, backticks and `--` comments are respected, so a `;` inside text never splits.
public struct Statement: Equatable, Sendable {
    public enum Kind: Sendable { case query, dot }
    public var kind: Kind
    public var text: String
    /// Byte offset of `text` in the whole script, so diagnostics point at the right line.
    public var offset: Int
}

public enum StatementSplitter {
    public static func split(_ script: String) -> [Statement] {
        var lexer = Lexer(script)
        let b = lexer.text
        var out: [Statement] = []
        var start = 0
        var onlySpace = true   // nothing but space and comments since the last boundary
        func emit(_ end: Int) {
            if !onlySpace { out.append(Statement(kind: .query, text: String(decoding: b[start..<end], as: UTF8.self), offset: start)) }
        }
        while let seg = lexer.nextSegment() {
            switch seg.kind {
            case .comment:
                if onlySpace { start = seg.range.upperBound }
            case .quoted:
                onlySpace = false
            case .code:
                var i = seg.range.lowerBound
                while i < seg.range.upperBound {
                    let c = b[i]
                    if onlySpace && c == UInt8(ascii: ".") {
                        // A dot command runs to the end of its line, whatever quotes it holds.
                        var e = i
                        while e < b.count && b[e] != 0x0A { e += 1 }
                        var text = String(decoding: b[i..<e], as: UTF8.self)
                        if text.hasSuffix("\r") { text.removeLast() }
                        if text.hasSuffix(";") { text.removeLast() }
                        out.append(Statement(kind: .dot, text: text, offset: i))
                        start = e
                        lexer.seek(to: e)
                        break
                    }
                    if c == UInt8(ascii: ";") {
                        emit(i)
                        start = i + 1
                        onlySpace = true
                    } else if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D {
                        if onlySpace { start = i + 1 }
                    } else {
                        onlySpace = false
                    }
                    i += 1
                }
            }
        }
        emit(b.count)
        return out
    }

    /// Whether a REPL buffer is a whole statement: a dot command, text ending in `;`, or a line
    /// whose parentheses and quotes are balanced and that does not end in a word or sign that
    /// needs more (`and`, `where`, `,`, `=`…).
    public static func isComplete(_ buffer: String) -> Bool {
        let trimmed = buffer.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || trimmed.hasPrefix(".") { return true }
        var lexer = Lexer(buffer)
        var depth = 0
        var code: [UInt8] = []   // the buffer without comments, to look at its last token
        while let seg = lexer.nextSegment() {
            switch seg.kind {
            case .comment: continue
            case .quoted: if !seg.closed { return false }
            case .code:
                for c in lexer.text[seg.range] {
                    if c == UInt8(ascii: "(") { depth += 1 }
                    if c == UInt8(ascii: ")") { depth -= 1 }
                }
            }
            code += lexer.text[seg.range]
        }
        if depth > 0 { return false }
        let last = String(decoding: code, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if last.hasSuffix(";") { return true }
        if let ch = last.last, ",=<>!+-*/(".contains(ch) { return false }
        let lastWord = last.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).last.map { $0.lowercased() } ?? ""
        return !continuationWords.contains(lastWord)
    }

    static let continuationWords: Set<String> = [
        "and", "or", "not", "where", "select", "from", "by", "group", "order", "limit", "in", "between",
        "contains", "starts", "with", "matches", "is", "as", "join", "left", "on", "having",
    ]
}
