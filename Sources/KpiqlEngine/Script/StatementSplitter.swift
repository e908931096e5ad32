import Foundation

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
        let b = Array(script.utf8)
        var out: [Statement] = []
        var i = 0
        var start = 0
        var onlySpace = true   // nothing but space and comments since the last boundary
        func emit(_ end: Int) {
            let text = String(decoding: b[start..<end], as: UTF8.self)
            if !onlySpace { out.append(Statement(kind: .query, text: text, offset: start)) }
        }
        while i < b.count {
            let c = b[i]
            if onlySpace && c == UInt8(ascii: ".") {
                var e = i
                while e < b.count && b[e] != 0x0A { e += 1 }
                var text = String(decoding: b[i..<e], as: UTF8.self)
                if text.hasSuffix("\r") { text.removeLast() }
                if text.hasSuffix(";") { text.removeLast() }
                out.append(Statement(kind: .dot, text: text, offset: i))
                i = e
                start = i
                continue
            }
            switch c {
            case 0x22, 0x27, 0x60:
                onlySpace = false
                i += 1
                while i < b.count && b[i] != c { i += 1 }
                i += 1
                continue
            case UInt8(ascii: "-") where i + 1 < b.count && b[i + 1] == UInt8(ascii: "-"):
                while i < b.count && b[i] != 0x0A { i += 1 }
                continue
            case UInt8(ascii: ";"):
                emit(i)
                i += 1
                start = i
                onlySpace = true
                continue
            case 0x20, 0x09, 0x0A, 0x0D:
                if onlySpace { start = i + 1 }
            default:
                onlySpace = false
            }
            i += 1
        }
        emit(min(i, b.count))
        return out
    }

    /// Whether a REPL buffer is a whole statement: a dot command, text ending in `;`, or a line
    /// whose parentheses and quotes are balanced and that does not end in a word or sign that
    /// needs more (`and`, `where`, `,`, `=`…).
    public static func isComplete(_ buffer: String) -> Bool {
        let trimmed = buffer.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || trimmed.hasPrefix(".") { return true }
        var depth = 0
        var quote: Character?
        var lastCode = ""   // the buffer without comments, to look at its last token
        var chars = Array(buffer)
        var i = 0
        while i < chars.count {
            let ch = chars[i]
            if let q = quote {
                if ch == q { quote = nil }
                lastCode.append(ch)
            } else if ch == "-" && i + 1 < chars.count && chars[i + 1] == "-" {
                while i < chars.count && chars[i] != "\n" { i += 1 }
                continue
            } else {
                if ch == "\"" || ch == "'" || ch == "`" { quote = ch }
                if ch == "(" { depth += 1 }
                if ch == ")" { depth -= 1 }
                lastCode.append(ch)
            }
            i += 1
        }
        chars = []
        if quote != nil || depth > 0 { return false }
        let code = lastCode.trimmingCharacters(in: .whitespacesAndNewlines)
        if code.hasSuffix(";") { return true }
        if let last = code.last, ",=<>!+-*/(".contains(last) { return false }
        let lastWord = code.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).last.map { $0.lowercased() } ?? ""
        return !continuationWords.contains(lastWord)
    }

    static let continuationWords: Set<String> = [
        "and", "or", "not", "where", "select", "from", "by", "group", "order", "limit", "in", "between",
        "contains", "starts", "with", "matches", "is", "as", "join", "left", "on", "having",
    ]
}
